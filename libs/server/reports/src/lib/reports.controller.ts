import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { ComparedBriefingReport, DocumentProgress, KeyTasksOfUnit, RankingConfig, RankingReport, TrendPoint } from '@tiendo/contracts';
import { samePeriodLastYear } from '@tiendo/domain';
import { Actor, ApiAnswer, AppConfig, Clock, CurrentActor, IsYearMonth, MayBeOmitted, Roles, TokenScope, XLSX_CONTENT_TYPE } from '@tiendo/server-core';
import { LeaderOversight } from '@tiendo/server-users';
import { IsIn, IsString, MaxLength } from 'class-validator';
import type { FastifyReply as Response } from 'fastify';
import { BRIEFING_EXPORT_FORMATS, BRIEFING_EXPORT_TYPES, BriefingExportFormat, briefingDocument, briefingWorkbook } from './briefing-export';
import { PeriodQuery, RankingConfigDto, TrendQuery } from './dto/report.query';
import { OrganisationSettingsService } from './organisation/organisation-settings.service';
import { nextMonth, ReportsService } from './reports.service';

class KeyTasksQuery {
  @ApiProperty({ description: 'The month, YYYY-MM (Asia/Ho_Chi_Minh)', example: '2020-06' })
  @IsYearMonth()
  month!: string;

  @ApiPropertyOptional({ description: "A unit's code: its key tasks only (default: every unit the caller may read)" })
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  unit?: string;
}

class BriefingExportQuery extends PeriodQuery {
  @ApiProperty({ enum: BRIEFING_EXPORT_FORMATS, description: 'xlsx or docx' })
  @IsIn(BRIEFING_EXPORT_FORMATS)
  format!: BriefingExportFormat;
}

/**
 * Every signed-in user may read the reports: the figures are announced to all staff. A report that lists tasks shows
 * each through `reportTaskLine` (access-policy.ts): title, deadline and unit for all, identifiers only where readable.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly config: AppConfig,
    private readonly oversight: LeaderOversight,
    private readonly organisation: OrganisationSettingsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The flag-ceremony figures of a month, a preset period (quarter, half-year, nine months, year) or a range,
   * optionally for one unit and its sub-units or (`scope=oversight`) the caller's overseen units (`oversight` lists
   * their codes; all units for a caller who oversees none). `compare=previous-year` adds `previousYear`: the same
   * figures for the same period one year earlier (samePeriodLastYear), as the ministry's reports compare.
   */
  @ApiAnswer('ComparedBriefingReport', { summary: 'Báo cáo giao ban theo kỳ' })
  @Get('briefing')
  @TokenScope('reports:read')
  async briefing(@CurrentActor() actor: Actor, @Query() q: PeriodQuery): Promise<ComparedBriefingReport> {
    const period = this.reports.resolvePeriod(q);
    const overseen = q.scope === 'oversight' ? await this.oversight.unitsOf(actor.id) : undefined;
    const paths = overseen?.map((u) => u.path);
    const report: ComparedBriefingReport = await this.reports.briefing(period, q.unit, paths, q.part);
    if (overseen) report.oversight = overseen.map((u) => u.code);
    if (q.compare === 'previous-year') report.previousYear = await this.reports.briefing(samePeriodLastYear(period), q.unit, paths, q.part);
    return report;
  }

  /**
   * The same briefing as a file for the minutes: .xlsx or .docx, with next month's key tasks cut to what the caller
   * may see (as /key-tasks). The .docx is in the administrative format of Decree 30/2020/NĐ-CP (briefing-export.ts),
   * headed by the organisation in settings and dated today in Asia/Ho_Chi_Minh. 400 for a bad period, format or unit.
   */
  @ApiAnswer.file([XLSX_CONTENT_TYPE, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], { summary: 'Xuất báo cáo giao ban (.xlsx, .docx)' })
  @Get('briefing/export')
  async exportBriefing(@CurrentActor() actor: Actor, @Query() q: BriefingExportQuery, @Res() res: Response): Promise<void> {
    const paths = await this.oversight.scopePaths(actor.id, q.scope);
    const report = await this.reports.briefing(this.reports.resolvePeriod(q), q.unit, paths, q.part);
    const keyTasks = await this.reports.keyTasksNextMonth(actor, report.to.slice(0, 7), q.unit);
    const taskLink = (id: string) => `${this.config.PUBLIC_URL.replace(/\/$/, '')}/nhiem-vu/${id}`;
    const ctx = { organisation: await this.organisation.get(), keyTasksMonth: nextMonth(report.to.slice(0, 7)), issuedOn: this.clock.today() };
    const body = q.format === 'xlsx' ? await briefingWorkbook(report, keyTasks, taskLink, ctx) : await briefingDocument(report, keyTasks, ctx);
    res
      .status(200)
      .header('Content-Type', BRIEFING_EXPORT_TYPES[q.format])
      .header('Content-Disposition', `attachment; filename="giao-ban-${report.from}-${report.to}.${q.format}"`)
      .send(body);
  }

  /** The four categories month by month. */
  @ApiAnswer.list('TrendPoint', { summary: 'Xu hướng theo tháng' })
  @Get('trend')
  @TokenScope('reports:read')
  async trend(@CurrentActor() actor: Actor, @Query() q: TrendQuery): Promise<TrendPoint[]> {
    const paths = await this.oversight.scopePaths(actor.id, q.scope);
    return this.reports.trend(q.from, q.to, q.unit, paths, q.part);
  }

  /** Units ranked for the emulation review, with the formula and the tie rule. */
  @ApiAnswer('RankingReport', { summary: 'Xếp hạng thi đua các đơn vị' })
  @Get('ranking')
  ranking(@Query() q: PeriodQuery): Promise<RankingReport> {
    return this.reports.ranking(this.reports.resolvePeriod(q), q.part);
  }

  @ApiAnswer('RankingConfig', { summary: 'Cách tính điểm xếp hạng' })
  @Get('ranking-config')
  rankingConfig(): Promise<RankingConfig> {
    return this.reports.rankingConfig();
  }

  @ApiAnswer('RankingConfig', { summary: 'Sửa cách tính điểm xếp hạng' })
  @Put('ranking-config')
  @Roles('admin')
  setRankingConfig(@CurrentActor() actor: Actor, @Body() dto: RankingConfigDto): Promise<RankingConfig> {
    return this.reports.setRankingConfig({ ...dto }, actor.id);
  }

  /** How far each source document's tasks have got. */
  @ApiAnswer.list('DocumentProgress', { summary: 'Tiến độ theo văn bản giao nhiệm vụ' })
  @Get('documents')
  @TokenScope('reports:read')
  documents(): Promise<DocumentProgress[]> {
    return this.reports.documents();
  }

  /**
   * Each unit's key tasks due in the month after `month`: title, deadline and unit for every signed-in user; id, code,
   * assignee and state only for tasks the caller may open (README, "Reports and the monthly briefing").
   */
  @ApiAnswer.list('KeyTasksOfUnit', { summary: 'Nhiệm vụ trọng tâm theo đơn vị' })
  @Get('key-tasks')
  @TokenScope('reports:read')
  keyTasks(@CurrentActor() actor: Actor, @Query() q: KeyTasksQuery): Promise<KeyTasksOfUnit[]> {
    return this.reports.keyTasksNextMonth(actor, q.month, q.unit);
  }
}
