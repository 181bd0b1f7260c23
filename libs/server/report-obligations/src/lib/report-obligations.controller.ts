import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Page } from '@tiendo/contracts';
import { AttachmentUpload, ReceivedFile, sendStoredFile } from '@tiendo/server-attachments';
import { Actor, ApiAnswer, CurrentActor, Roles, UuidParamPipe, validationFailed } from '@tiendo/server-core';
import type { FastifyReply as Response } from 'fastify';
import { OBLIGATION_WRITER_ROLES } from './obligation-access';
import {
  AdHocReportRequestDto,
  CreateReportObligationDto,
  EndReportObligationDto,
  ListReportObligationsQuery,
  ObligationPeriodsQuery,
  UpdateReportObligationDto,
} from './report-obligation.dto';
import type { AdHocPeriodView, ObligationHistoryEntryView, ObligationPeriodsView, ReportObligationListItem, ReportObligationView } from './report-obligation.view';
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
  @ApiAnswer('ReportObligationView', { summary: 'Tạo chế độ báo cáo', status: 201, errors: [409, 422] })
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
  @ApiAnswer.page('ReportObligationListItem', { summary: 'Danh sách chế độ báo cáo' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListReportObligationsQuery): Promise<Page<ReportObligationListItem>> {
    return this.obligations.list(actor, query);
  }

  /** One obligation with its reporting units (each with its `fromDate`) and fields; 404 if absent or not readable. */
  @ApiAnswer('ReportObligationView', { summary: 'Một chế độ báo cáo' })
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
  @ApiAnswer('ReportObligationView', { summary: 'Sửa chế độ báo cáo', errors: [403, 409, 422] })
  @Patch(':id')
  @Roles(...OBLIGATION_WRITER_ROLES)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateReportObligationDto): Promise<ReportObligationView> {
    return this.obligations.update(id, dto, actor);
  }

  /**
   * End an obligation: `{ endsOn }`, its last day (periods whose cut-off is after it are not reported). Nothing is
   * deleted; a later call moves the end. 400 DAY_RANGE_REVERSED on `endsOn` before `startsOn`; 403 and 404 as PATCH.
   */
  @ApiAnswer('ReportObligationView', { summary: 'Kết thúc chế độ báo cáo', errors: [403, 409, 422] })
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
  @ApiAnswer.list('ObligationHistoryEntryView', { summary: 'Lịch sử thay đổi của chế độ báo cáo' })
  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ObligationHistoryEntryView[]> {
    return this.obligations.history(id, actor);
  }

  /**
   * The next `count` periods (1–36, default 6) whose data is not cut off before `from` (default today in Hanoi; never
   * before `startsOn`, none after `endsOn`); without `from`, an obligation ended before today gives its last `count`
   * periods up to `endsOn` instead (its page lists them; a board's period switcher asks `from` = 400 days before
   * today, or before `endsOn` once ended, not before `startsOn`, and 24 periods, so past boards are reachable):
   * `{ from, periodicity, items: [{ key, label, start, end (the cut-off),
   * deadline, deadlineWeekday (0 Sunday–6 Saturday), deadlineWeekdayName ('Thứ Hai'…), createOn }] }`. Periods by
   * Decree 09/2019/NĐ-CP art. 12 (or the obligation's cut-off day); the deadline by its due rule, moved to the next
   * working day if it falls on a day off (Civil Code art. 148(5)); `createOn` is `createWorkingDaysBefore` working
   * days before the cut-off. For an ad hoc obligation `items` are every period requested (`POST /:id/requests`), in
   * request order, whatever `from` and `count`. 404 as GET.
   */
  @ApiAnswer('ObligationPeriodsView', { summary: 'Các kỳ báo cáo của chế độ' })
  @Get(':id/periods')
  periods(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Query() query: ObligationPeriodsQuery): Promise<ObligationPeriodsView> {
    return this.obligations.periods(id, query, actor);
  }

  /**
   * Request an ad hoc report (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c)) of an ad hoc obligation, from every
   * unit that reports it today. Body `{ label, end, start?, deadline?, shortDeadline?, note? }`: `label` (1–200
   * characters) names the period; `start`–`end` is the data window (`end` alone: the figures as of that day);
   * `deadline` defaults to the obligation's due rule from `end`, a day off moves to the next working day, and it must
   * leave at least one working day after `end` (art. 8(5)(b)) unless `shortDeadline: true` (then not before `end`);
   * not before the first day of the current month. 201 AdHocPeriodView: `{ key: '<start>..<end>', label, start, end,
   * deadline, deadlineWeekday, deadlineWeekdayName, createOn (today), shortDeadline, note, requestedBy, requestedAt,
   * reportTasksQueued }`; the units' report tasks are created by the worker at once (within seconds;
   * `reportTasksQueued: false` when Redis did not answer: within ten minutes). The period's board, submissions and
   * reminders then work under its key as for a calendar period. 400 naming each bad field (`label`, `end`
   * DAY_RANGE_REVERSED, `deadline` reportDueAfterCutOff or deadlineBeforeMonth); 403 for a reader who does not manage
   * it; 404 as GET; 409 DUPLICATE on `end` for a second request of the same data window; 422 INVALID_STATE for an
   * obligation that is not ad hoc or not in force today.
   */
  @ApiAnswer('AdHocPeriodView', { summary: 'Yêu cầu báo cáo đột xuất', status: 201, errors: [403, 422] })
  @Post(':id/requests')
  @Roles(...OBLIGATION_WRITER_ROLES)
  request(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: AdHocReportRequestDto): Promise<AdHocPeriodView> {
    return this.obligations.request(id, dto, actor);
  }

  /**
   * Set the obligation's report template (mẫu báo cáo): multipart field `file`, with the limits and checks of a task's
   * file (ATTACHMENT_MAX_MB: 413 ATTACHMENT_TOO_LARGE; ATTACHMENT_TYPES checked by content: 422
   * ATTACHMENT_TYPE_NOT_ALLOWED; 400 ATTACHMENT_EMPTY, ATTACHMENT_NAME_INVALID, ATTACHMENT_NAME_TOO_LONG, no file). A
   * template already there is replaced and kept (the history's `template` change names both files). No `version`:
   * the obligation's version does not change. 200 with the obligation (`templateFileId`, `template: { id, name,
   * size, contentType, uploadedAt }`). 403 for a reader who does not manage it; 404 as GET.
   */
  @ApiAnswer('ReportObligationView', { summary: 'Tải lên mẫu biểu của chế độ báo cáo', errors: [403, 415, 422, 503] })
  @Put(':id/template')
  @Roles(...OBLIGATION_WRITER_ROLES)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(AttachmentUpload)
  setTemplate(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @UploadedFile() file: ReceivedFile | undefined): Promise<ReportObligationView> {
    if (!file) throw validationFailed([{ field: 'file', rule: 'isNotEmpty', message: 'Gửi tệp mẫu báo cáo trong trường "file" của biểu mẫu multipart' }]);
    return this.obligations.setTemplate(id, file, actor);
  }

  /**
   * Download the report template, for whoever may read the obligation (the receiving office, the ministry-wide roles,
   * the reporting units' people): its bytes as an attachment under its name (RFC 5987 and an ASCII fallback), its
   * type, `nosniff` and a sandboxing CSP, as a task's file. 404 as GET, and when it has no template.
   */
  @ApiAnswer.file(['application/octet-stream'], { summary: 'Tải mẫu biểu của chế độ báo cáo', errors: [503] })
  @Get(':id/template')
  async template(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Res() res: Response): Promise<void> {
    const { file, bytes } = await this.obligations.openTemplate(id, actor);
    await sendStoredFile(res, file, bytes);
  }

  /**
   * Take the template off the obligation (the file is kept, named by the history). 204; 403 for a reader who does not
   * manage it; 404 as GET, and when it has no template.
   */
  @ApiAnswer.empty({ summary: 'Gỡ mẫu biểu của chế độ báo cáo', errors: [403] })
  @Delete(':id/template')
  @HttpCode(204)
  @Roles(...OBLIGATION_WRITER_ROLES)
  removeTemplate(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.obligations.removeTemplate(id, actor);
  }
}
