import { applyDecorators, Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { UnitChangePlanView, UnitChangeRecordView, UnitChangeView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Roles } from '@tiendo/server-core';
import { UnitMergeDto, UnitSplitDto } from './dto/unit-change.dto';
import { UnitChangesService } from './unit-changes.service';

/** What every merge and split route shares: administrators only, and the same refusals (400, 403, 422). */
function UnitChangeRoute(): MethodDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED, each field with its rule (UNKNOWN_UNIT, UNIT_CHANGE_SUCCESSOR_CHOICE, UNIT_CHANGE_SUCCESSOR_INVALID, …); nothing written' }),
    ApiForbiddenResponse({ description: 'Not an administrator' }),
    ApiUnprocessableEntityResponse({ description: 'UNIT_CHANGE_IN_FUTURE, UNIT_CHANGE_BEFORE_MONTH (effectiveAt), UNIT_INACTIVE, UNIT_HAS_SUBUNITS; nothing written' }),
    Roles('admin'),
  );
}

/** Units that merge and split: administrators only; a preview first, then the change (README, "Units that merge and split"). */
@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitChangesController {
  constructor(private readonly changes: UnitChangesService) {}

  @ApiAnswer.list('UnitChangeRecordView', {
    summary: 'Các lần sáp nhập, chia tách của một đơn vị',
    description: 'The merges and splits a unit took part in (as a source or a successor), newest first, with reason and moment.',
  })
  @Get(':code/changes')
  @Roles('admin')
  changesOf(@Param('code') code: string): Promise<UnitChangeRecordView[]> {
    return this.changes.changesOf(code);
  }

  @ApiAnswer('UnitChangePlanView', {
    summary: 'Xem trước sáp nhập đơn vị (không ghi gì)',
    description: 'What a merge would move (open tasks, coordinating references, users); nothing is written.',
    errors: [422],
  })
  @Post('merges/preview')
  @UnitChangeRoute()
  @HttpCode(HttpStatus.OK)
  previewMerge(@Body() dto: UnitMergeDto): Promise<UnitChangePlanView> {
    return this.changes.previewMerge(dto);
  }

  @ApiAnswer('UnitChangeView', {
    summary: 'Sáp nhập đơn vị',
    description:
      'Merge units into a successor (existing or new), effective at 00:00 of a day in Asia/Ho_Chi_Minh. Open tasks move to the ' +
      'successor as a dated lead-unit change (reports of periods before the moment keep the old units), coordinating references ' +
      'of open tasks too; users move; the sources become inactive; one transaction.',
    status: 201,
    errors: [422],
  })
  @Post('merges')
  @UnitChangeRoute()
  merge(@CurrentActor() actor: Actor, @Body() dto: UnitMergeDto): Promise<UnitChangeView> {
    return this.changes.merge(dto, actor);
  }

  @ApiAnswer('UnitChangePlanView', { summary: 'Xem trước chia tách đơn vị (không ghi gì)', description: 'What a split would move; nothing is written.', errors: [422] })
  @Post('splits/preview')
  @UnitChangeRoute()
  @HttpCode(HttpStatus.OK)
  previewSplit(@Body() dto: UnitSplitDto): Promise<UnitChangePlanView> {
    return this.changes.previewSplit(dto);
  }

  @ApiAnswer('UnitChangeView', {
    summary: 'Chia tách đơn vị',
    description:
      'Split a unit among successors (existing or new), effective at 00:00 of a day in Asia/Ho_Chi_Minh. The tasks and users named ' +
      'go to their successor, the rest (and every coordinating reference) to defaultSuccessorCode.',
    status: 201,
    errors: [422],
  })
  @Post('splits')
  @UnitChangeRoute()
  split(@CurrentActor() actor: Actor, @Body() dto: UnitSplitDto): Promise<UnitChangeView> {
    return this.changes.split(dto, actor);
  }
}
