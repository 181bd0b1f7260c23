import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, ApiAnswer, CurrentActor, Roles, UuidParamPipe, XLSX_CONTENT_TYPE } from '@tiendo/server-core';
import { sendStoredFile } from '@tiendo/server-attachments';
import type { FastifyReply as Response } from 'fastify';
import { OBLIGATION_WRITER_ROLES } from './obligation-access';
import { BoardQueryDto, ReportStatisticsQuery, ReturnReportDto, SubmitReportDto } from './report-submission.dto';
import type { BoardLine, RemindersResult, ReportStatisticsView, TaskReportView } from './report-submission.view';
import { ReportSubmissionsService } from './report-submissions.service';

const PERIOD_KEY = { name: 'periodKey', example: '2020-06', description: "The period's key (Decree 09/2019/NĐ-CP art. 12): '2020-06', '2020-Q2', '2020-H1', '2020-9M', '2020'" };
const UNIT_CODE = { name: 'unitCode', example: 'STTTT-HN', description: 'The reporting unit, by code' };

/**
 * Periodic reports as tasks (chế độ báo cáo định kỳ, Decree 09/2019/NĐ-CP): submit a period's report, the receiving
 * office's board (confirm, return for redo, remind the missing, .xlsx), and the year's statistics. Thin: the rules are
 * ReportSubmissionsService's, who may do what obligation-access.ts. Errors in the one format
 * `{ statusCode, code, message, errors?: [{ field, message, rule }] }`, messages in Vietnamese.
 *
 * Registered before ReportObligationsController so that `statistics` is not taken for an obligation's id.
 */
@ApiTags('report-obligations')
@ApiBearerAuth()
@Controller('report-obligations')
export class ReportSubmissionsController {
  constructor(private readonly submissions: ReportSubmissionsService) {}

  /**
   * `?year=2020[&obligationId=]`: per unit with report tasks in the year's periods (cut-off in the year), its reports
   * submitted on time, late, missing past the deadline and not yet due (the tasks' status rule as of now), and
   * `onTimeShare` = on time ÷ (on time + late + missing overdue) in percent, half-up to 2 decimals (null when none
   * was due); `provincialRanking`: the provincial departments by that share (ties: more on time, then code), with
   * `formula` and `tieRule` in Vietnamese. Any signed-in user (counts are public inside the ministry). 400 for a
   * year outside 2000–2199. With `obligationId`: 404 when the caller may not read that obligation (as `GET /:id`,
   * recorded as `object_hidden`) or it does not exist.
   */
  @ApiAnswer('ReportStatisticsView', { summary: 'Thống kê nộp báo cáo trong năm' })
  @Get('statistics')
  statistics(@CurrentActor() actor: Actor, @Query() query: ReportStatisticsQuery): Promise<ReportStatisticsView> {
    return this.submissions.statistics(query, actor);
  }

  /**
   * Submit a unit's report of the period = complete its report task with the report file(s) and the figures.
   * Body `{ unitCode?, version?, result?, attachmentIds: uuid[1..20], figures?: { <field key>: number | string } }`;
   * upload the files first to the report task (`POST /api/tasks/:taskId/attachments`; the task id is on My tasks and
   * on the board). 201 with the unit's board line. 400 VALIDATION_FAILED naming each bad field (`figures.<key>` with
   * rule figureRequired, figureUnknown, isNumber, isString, max, maxLength; `attachmentIds` arrayMinSize or
   * ATTACHMENT_NOT_ON_TASK), nothing written; 404 an obligation the caller may not read, a unit without a report task
   * this period, or a report task the caller may not read (another unit's); 403 a report task the caller reads but
   * may not complete; 409 VERSION_CONFLICT; 422 TASK_ALREADY_COMPLETED, TASK_CANCELLED.
   */
  @ApiAnswer('BoardLine', { summary: 'Nộp báo cáo của đơn vị cho một kỳ', status: 201, errors: [403, 409, 422] })
  @Post(':id/periods/:periodKey/submissions')
  @ApiParam(PERIOD_KEY)
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('periodKey') periodKey: string,
    @Body() dto: SubmitReportDto,
  ): Promise<BoardLine> {
    return this.submissions.submit(id, periodKey, dto, actor);
  }

  /**
   * The receiving office confirms the unit's submitted report. 200 with the board line (`submission.confirmed`).
   * 403 for a board reader who does not manage the obligation; 404 for anyone who may not read the board, or a unit
   * without a report task; 422 TASK_NOT_COMPLETED (nothing submitted), TASK_CANCELLED. Again: no change.
   */
  @ApiAnswer('BoardLine', { summary: 'Xác nhận báo cáo đã nhận', errors: [409, 422] })
  @Post(':id/periods/:periodKey/submissions/:unitCode/confirmation')
  @HttpCode(200)
  @Roles(...OBLIGATION_WRITER_ROLES)
  @ApiParam(PERIOD_KEY)
  @ApiParam(UNIT_CODE)
  confirm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('periodKey') periodKey: string,
    @Param('unitCode') unitCode: string,
  ): Promise<BoardLine> {
    return this.submissions.confirm(id, periodKey, unitCode, actor);
  }

  /**
   * The receiving office returns the unit's report for redo: `{ reason, version? }`, through the tasks' return path
   * (history, the unit told, the task open again; the report then counts by the status rule as not submitted). 200
   * with the board line. 403/404 as the confirmation; 400 no reason; 409 VERSION_CONFLICT; 422 TASK_NOT_COMPLETED,
   * TASK_CANCELLED.
   */
  @ApiAnswer('BoardLine', { summary: 'Trả lại báo cáo để làm lại', errors: [409, 422] })
  @Post(':id/periods/:periodKey/submissions/:unitCode/return')
  @HttpCode(200)
  @Roles(...OBLIGATION_WRITER_ROLES)
  @ApiParam(PERIOD_KEY)
  @ApiParam(UNIT_CODE)
  returnForRedo(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('periodKey') periodKey: string,
    @Param('unitCode') unitCode: string,
    @Body() dto: ReturnReportDto,
  ): Promise<BoardLine> {
    return this.submissions.returnForRedo(id, periodKey, unitCode, dto, actor);
  }

  /**
   * The board of the period (PeriodBoardView), one page at a time: the units that must report, with their report
   * task, status as of now (completed_on_time = submitted on time, completed_late = late, in_progress_overdue = not
   * submitted past the deadline, in_progress_on_track = not yet due), the submission (when, who, files, figures,
   * confirmation), by unit code. Query `page` (from 1, default 1), `pageSize` (1–500, default 100), `status` (one of
   * the four: only those lines), `q` (words of the unit's code or name, tone marks and case optional). `counts` are
   * the whole period's whatever the page and filter; `total` the lines matching, `page`, `pageSize` as used.
   * For the receiving office, admin, leaders and the Ministry Office; 404 for anyone else (a reporting unit too) and
   * for a period that is not the obligation's; 400 VALIDATION_FAILED naming each bad query field (in Vietnamese).
   * The .xlsx has every line.
   */
  @ApiAnswer.serialised('PeriodBoardView', { summary: 'Bảng theo dõi nộp báo cáo của một kỳ' })
  @Get(':id/periods/:periodKey/board')
  @ApiParam(PERIOD_KEY)
  // The JSON text is sent as it is: a board of 10,000 units is not parsed and serialised again (bench:obligations).
  @Header('Content-Type', 'application/json; charset=utf-8')
  board(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Param('periodKey') periodKey: string, @Query() query: BoardQueryDto): Promise<string> {
    return this.submissions.boardJson(id, periodKey, actor, query);
  }

  /**
   * The report a task is (TaskReportView), for the screens where the unit submits it: its obligation (the figures it
   * asks for, and `template` { id, name, size, contentType, uploadedAt } or null: the form to fill, downloaded at
   * `GET /api/report-obligations/:id/template`), its period (calendar or ad hoc), unit, the figures of the submission
   * in force and that `submission` as the board shows it (when, who, files, figures, confirmation; null when none).
   * 404 when the caller may not read the task or its obligation, or when the task is not a report task.
   */
  @ApiAnswer('TaskReportView', { summary: 'Báo cáo gắn với một nhiệm vụ báo cáo' })
  @Get('report-tasks/:taskId')
  reportOfTask(@CurrentActor() actor: Actor, @Param('taskId', UuidParamPipe) taskId: string): Promise<TaskReportView> {
    return this.submissions.reportOfTask(taskId, actor);
  }

  /**
   * A file of the unit's submission in force, as a download (the headers of the task's file download: attachment,
   * nosniff, a sandboxing CSP). For the board's readers, who may not otherwise open the reporting unit's task; 404 for
   * anyone else and for a file that is not one of that submission's.
   */
  @ApiAnswer.file(['application/octet-stream'], { summary: 'Tải tệp đính kèm của một báo cáo đã nộp', errors: [503] })
  @Get(':id/periods/:periodKey/submissions/:unitCode/files/:fileId')
  @ApiParam(PERIOD_KEY)
  @ApiParam(UNIT_CODE)
  async submissionFile(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('periodKey') periodKey: string,
    @Param('unitCode') unitCode: string,
    @Param('fileId', UuidParamPipe) fileId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { file, bytes } = await this.submissions.submissionFile(id, periodKey, unitCode, fileId, actor);
    await sendStoredFile(res, file, bytes);
  }

  /**
   * The board as .xlsx (two sheets: the status per unit, and the figures, one row per unit and one column per field),
   * under the organisation's heading from settings. Access as the board.
   */
  @ApiAnswer.file([XLSX_CONTENT_TYPE], { summary: 'Xuất bảng theo dõi nộp báo cáo ra .xlsx' })
  @Get(':id/periods/:periodKey/board.xlsx')
  @ApiParam(PERIOD_KEY)
  @ApiProduces(XLSX_CONTENT_TYPE)
  async boardExport(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Param('periodKey') periodKey: string, @Res() res: Response): Promise<void> {
    const { body, fileName } = await this.submissions.boardExport(id, periodKey, actor);
    res
      .status(200)
      .header('Content-Type', XLSX_CONTENT_TYPE)
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  }

  /**
   * Remind every unit that has not submitted (its report task open): the assignee, or else the unit's heads, in the
   * product and by e-mail (when they have an address and SMTP is set). Each click reminds once. 200 `{ units, people,
   * unitCodes, notReached }` (`notReached`: units not submitted with nobody active to remind). 403/404 as the
   * confirmation.
   */
  @ApiAnswer('RemindersResult', { summary: 'Nhắc các đơn vị chưa nộp báo cáo' })
  @Post(':id/periods/:periodKey/reminders')
  @HttpCode(200)
  @Roles(...OBLIGATION_WRITER_ROLES)
  @ApiParam(PERIOD_KEY)
  remind(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Param('periodKey') periodKey: string): Promise<RemindersResult> {
    return this.submissions.remindMissing(id, periodKey, actor);
  }
}
