import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UnitView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, notFound, picksUnit, Roles } from '@tiendo/server-core';
import { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dto/unit.dto';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /**
   * Every signed-in user sees the tree: it names who is responsible for what. `?q=` keeps the units whose code or
   * name contains the text, by the search rule (tone marks and case optional), still in tree order. `?scope=readable`
   * keeps the units the caller may choose in a picker (access-policy `picksUnit`: ministry roles every unit, a unit
   * head or staff their unit's subtree).
   */
  @ApiAnswer.list('UnitView', { summary: 'Cây đơn vị' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListUnitsQuery): Promise<UnitView[]> {
    return this.units.list(query.q, query.scope === 'readable' ? (path) => picksUnit(actor, path) : undefined);
  }

  @ApiAnswer('UnitView', { summary: 'Một đơn vị' })
  @Get(':code')
  async get(@Param('code') code: string): Promise<UnitView> {
    const unit = await this.units.findByCode(code);
    if (!unit) throw notFound('Unit');
    return this.units.view(unit);
  }

  @ApiAnswer('UnitView', { summary: 'Tạo đơn vị', status: 201, errors: [409, 422] })
  @Post()
  @Roles('admin')
  async create(@Body() dto: CreateUnitDto): Promise<UnitView> {
    return this.units.view(await this.units.create(dto));
  }

  @ApiAnswer('UnitView', { summary: 'Sửa đơn vị', errors: [409, 422] })
  @Patch(':code')
  @Roles('admin')
  async update(@Param('code') code: string, @Body() dto: UpdateUnitDto): Promise<UnitView> {
    return this.units.view(await this.units.update(code, dto));
  }
}
