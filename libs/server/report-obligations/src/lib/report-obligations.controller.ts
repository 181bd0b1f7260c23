import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page } from '@tiendo/contracts';
import { Actor, CurrentActor, Roles, UuidParamPipe } from '@tiendo/server-core';
import { OBLIGATION_WRITER_ROLES } from './obligation-access';
import {
  CreateReportObligationDto,
  EndReportObligationDto,
  ListReportObligationsQuery,
  ObligationPeriodsQuery,
  UpdateReportObligationDto,
} from './report-obligation.dto';
import type { ObligationHistoryEntryView, ObligationPeriodsView, ReportObligationListItem, ReportObligationView } from './report-obligation.view';
import { ReportObligationsService } from './report-obligations.service';

/**
 * Periodic reporting obligations (chế độ báo cáo định kỳ, Decree 09/2019/NĐ-CP). Thin: validation and the route-level
 * roles; who may read or change which obligation is obligation-access.ts, applied by ReportObligationsService.
 * Dates are `YYYY-MM-DD` calendar days in Vietnam; "working days" are days of the working calendar (weekends, the
 * Labour Code's days off with Tết, and the admin's changes).
 */
@ApiTags('report-obligations')
@ApiBearerAuth()
@Controller('report-obligations')
export class ReportObligationsController {
  constructor(private readonly obligations: ReportObligationsService) {}

  /**
   * Create an obligation. Body: `code`, `name`, `periodicity` (monthly | quarterly | half_yearly | nine_months | yearly
   * | ad_hoc), `receivingUnitCode`, `startsOn`, and the reporting units (`reportingUnits: [{ unitCode, fromDate? }]`
   * and/or `reportingUnitKind`); optional `sourceDocumentId`, `legalBasis`, `cutOffDay` (1–31; null: the 14th,
   * Decree 09/2019/NĐ-CP art. 12), `due` ({ kind: working_days_after_cutoff | days_after_cutoff, days 1–90 } or
   * { kind: day_of_month, day 1–31 }; null: the first working day after the cut-off, art. 8(5)(b)),
   * `createWorkingDaysBefore` (0–60 working days, default 5), `fields` ([{ key, label, type: number | text, required }]).
   * 201 with the obligation. 400 with each bad field (UNKNOWN_UNIT, UNIT_INACTIVE, UNKNOWN_DOCUMENT, a schedule out of
   * range, no reporting unit); 403 for staff and leaders, and for a unit head whose unit (or sub-unit) does not
   * receive it; 409 DUPLICATE on `code`.
   */
  @Post()
  @Roles(...OBLIGATION_WRITER_ROLES)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReportObligationDto): Promise<ReportObligationView> {
    return this.obligations.create(dto, actor);
  }

  /**
   * `{ items, total }`: the obligations the caller may read (every one for admin, leader, monitor; else those that
   * concern a unit in their scope), by code, `page` from 1 and `pageSize` up to 200 (default 50). `q` finds every
   * word in the code or the name, tone marks and case optional.
   */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListReportObligationsQuery): Promise<Page<ReportObligationListItem>> {
    return this.obligations.list(actor, query);
  }

  /** One obligation with its reporting units (each with its `fromDate`) and fields; 404 if absent or not readable. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ReportObligationView> {
    return this.obligations.get(id, actor);
  }

  /**
   * Change an obligation: `version` (as read) and any field of create but `code`; null clears a nullable field
   * (`cutOffDay`, `due` back to the decree's default). `reportingUnits` replaces the list: a unit kept keeps its
   * `fromDate` unless given one; a unit added without one reports from today's periods on (or from `startsOn` if
   * later). 409 VERSION_CONFLICT if it changed since `version`; 403 for a caller who may read but not change it;
   * 404 as GET; 400 as create.
   */
  @Patch(':id')
  @Roles(...OBLIGATION_WRITER_ROLES)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateReportObligationDto): Promise<ReportObligationView> {
    return this.obligations.update(id, dto, actor);
  }

  /**
   * End an obligation: `{ endsOn }`, its last day (periods whose cut-off is after it are not reported). Nothing is
   * deleted; a later call moves the end. 400 DAY_RANGE_REVERSED on `endsOn` before `startsOn`; 403 and 404 as PATCH.
   */
  @Post(':id/end')
  @HttpCode(200)
  @Roles(...OBLIGATION_WRITER_ROLES)
  end(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: EndReportObligationDto): Promise<ReportObligationView> {
    return this.obligations.end(id, dto.endsOn, actor);
  }

  /**
   * The obligation's history, oldest first: `[{ at, actor: { id, fullName }, action: 'created' | 'updated' | 'ended',
   * changes: [{ field, from, to }] }]`; a unit added, taken off (ended on a day, never deleted) or listed again is a
   * change of `reportingUnits.<code>` with `{ fromDate, toDate }`. 404 as GET.
   */
  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ObligationHistoryEntryView[]> {
    return this.obligations.history(id, actor);
  }

  /**
   * The next `count` periods (1–36, default 6) whose data is not cut off before `from` (default today in Hanoi; never
   * before `startsOn`, none after `endsOn`): `{ from, periodicity, items: [{ key, label, start, end (the cut-off),
   * deadline, deadlineWeekday (0 Sunday–6 Saturday), deadlineWeekdayName ('Thứ Hai'…), createOn }] }`. Periods by
   * Decree 09/2019/NĐ-CP art. 12 (or the obligation's cut-off day); the deadline by its due rule, moved to the next
   * working day if it falls on a day off (Civil Code art. 148(5)); `createOn` is `createWorkingDaysBefore` working
   * days before the cut-off. `items` is [] for an ad hoc obligation. 404 as GET.
   */
  @Get(':id/periods')
  periods(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Query() query: ObligationPeriodsQuery): Promise<ObligationPeriodsView> {
    return this.obligations.periods(id, query, actor);
  }
}
