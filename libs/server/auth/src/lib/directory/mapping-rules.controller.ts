import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MappingRuleView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Roles, UuidParamPipe } from '@tiendo/server-core';
import { CreateMappingRuleDto, MappingRuleOrderDto, UpdateMappingRuleDto } from './mapping-rule.dto';
import { MappingRulesService } from './mapping-rules.service';

/**
 * The rules that give directory users their unit and role (README, "Directory sign-in"): admins only. Bad input is
 * 400 VALIDATION_FAILED with each field's rule (UNKNOWN_UNIT, MAPPING_RULE_ATTRIBUTE, MAPPING_RULE_EMPTY,
 * MAPPING_RULE_ORDER); an unknown rule 404. Every change is a security event.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Roles('admin')
@Controller('directory/mapping-rules')
export class MappingRulesController {
  constructor(private readonly rules: MappingRulesService) {}

  /** Every rule in the order they are read. */
  @ApiAnswer.list('MappingRuleView', { summary: 'Quy tắc đăng nhập thư mục (theo thứ tự áp dụng)' })
  @Get()
  list(): Promise<MappingRuleView[]> {
    return this.rules.list();
  }

  /** Adds a rule at the end: 201 with the rule. */
  @ApiAnswer('MappingRuleView', { summary: 'Thêm quy tắc đăng nhập thư mục', status: 201 })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMappingRuleDto): Promise<MappingRuleView> {
    return this.rules.create(dto, actor);
  }

  /** Every rule's id in the new order: 200 with the rules. */
  @ApiAnswer.list('MappingRuleView', { summary: 'Sắp xếp lại các quy tắc đăng nhập thư mục' })
  @Put('order')
  reorder(@CurrentActor() actor: Actor, @Body() dto: MappingRuleOrderDto): Promise<MappingRuleView[]> {
    return this.rules.reorder(dto, actor);
  }

  @ApiAnswer('MappingRuleView', { summary: 'Sửa quy tắc đăng nhập thư mục' })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateMappingRuleDto): Promise<MappingRuleView> {
    return this.rules.update(id, dto, actor);
  }

  /** 204; the rules after it move up. */
  @ApiAnswer.empty({ summary: 'Xoá quy tắc đăng nhập thư mục' })
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.rules.remove(id, actor);
  }
}
