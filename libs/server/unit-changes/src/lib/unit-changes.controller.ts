import { applyDecorators, Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { UnitChangePlanView, UnitChangeRecordView, UnitChangeView } from '@tiendo/contracts';
import { Actor, CurrentActor, Roles } from '@tiendo/server-core';
import { UnitMergeDto, UnitSplitDto } from './dto/unit-change.dto';
import { UnitChangesService } from './unit-changes.service';

/** The shape of a plan (preview) and of a recorded change, for the OpenAPI document. */
const PLAN_SHAPE =
  '{ kind, effectiveOn, effectiveAt, reason, sources, successors, tasks: [{ id, code, title, fromUnitCode, toUnitCode, assigneeCleared }], coordinating, users, closedTasksStaying }';

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

  @Get(':code/changes')
  @Roles('admin')
  @ApiOperation({ summary: 'The merges and splits a unit took part in (as a source or a successor), newest first, with reason and moment' })
  changesOf(@Param('code') code: string): Promise<UnitChangeRecordView[]> {
    return this.changes.changesOf(code);
  }

  @Post('merges/preview')
  @ApiOkResponse({ description: 'What would move, nothing written: ' + PLAN_SHAPE })
  @UnitChangeRoute()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What a merge would move (open tasks, coordinating references, users); nothing is written' })
  previewMerge(@Body() dto: UnitMergeDto): Promise<UnitChangePlanView> {
    return this.changes.previewMerge(dto);
  }

  @Post('merges')
  @ApiCreatedResponse({ description: 'The change as recorded: { id, recordedAt } and ' + PLAN_SHAPE })
  @UnitChangeRoute()
  @ApiOperation({
    summary: 'Merge units into a successor (existing or new), effective at 00:00 of a day in Asia/Ho_Chi_Minh',
    description:
      'Open tasks move to the successor as a dated lead-unit change (reports of periods before the moment keep the old units), ' +
      'coordinating references of open tasks too; users move; the sources become inactive; one transaction.',
  })
  merge(@CurrentActor() actor: Actor, @Body() dto: UnitMergeDto): Promise<UnitChangeView> {
    return this.changes.merge(dto, actor);
  }

  @Post('splits/preview')
  @ApiOkResponse({ description: 'What would move, nothing written: ' + PLAN_SHAPE })
  @UnitChangeRoute()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What a split would move; nothing is written' })
  previewSplit(@Body() dto: UnitSplitDto): Promise<UnitChangePlanView> {
    return this.changes.previewSplit(dto);
  }

  @Post('splits')
  @ApiCreatedResponse({ description: 'The change as recorded: { id, recordedAt } and ' + PLAN_SHAPE })
  @UnitChangeRoute()
  @ApiOperation({
    summary: 'Split a unit among successors (existing or new), effective at 00:00 of a day in Asia/Ho_Chi_Minh',
    description: 'The tasks and users named go to their successor, the rest (and every coordinating reference) to defaultSuccessorCode.',
  })
  split(@CurrentActor() actor: Actor, @Body() dto: UnitSplitDto): Promise<UnitChangeView> {
    return this.changes.split(dto, actor);
  }
}
