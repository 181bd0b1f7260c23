import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BriefingLine, BriefingReport, DocumentProgress, KeyTasksOfUnit, RankingConfig, RankingLine, RankingReport, ReportPart, reportPartOf, TrendPoint } from '@tiendo/contracts';
import { addCounts, addDays, briefingFigures, CategoryCounts, emptyCounts, formatDecimal, LocalDate, monthBounds, percentOf, PeriodPreset, presetBounds } from '@tiendo/domain';
import { Actor, Clock, refuse, ReportTaskFacts, reportTaskLine, SqlParams } from '@tiendo/server-core';
import { periodClassificationSql, periodCountsSql, statusPredicateSql, unitPartSql } from '@tiendo/server-tasks';
import { UnitsService } from '@tiendo/server-units';
import { DataSource, EntityManager } from 'typeorm';
import { ReportSnapshots } from './report-snapshots.repository';

export const DEFAULT_RANKING: RankingConfig = { onTime: 100, latePenaltyPerDay: 2, lateMinimum: 40, overdue: 0, coordinatingShare: 0.3 };
const RANKING_KEY = 'ranking';
const MAX_TREND_MONTHS = 60;

interface UnitCounts {
  unitId: string;
  counts: CategoryCounts;
}

interface Period {
  from: LocalDate;
  to: LocalDate;
}

const line = (c: CategoryCounts): BriefingLine => {
  const { governmentOfficeRate: _rate, ...figures } = briefingFigures(c);
  return figures;
};

/**
 * The figures leadership reads: the briefing of a period, the trend month by month, the emulation ranking,
 * progress per source document and the key tasks of next month. Counting happens in SQL over the period rule
 * (task-status.sql.ts in @tiendo/server-tasks); a period that has ended is computed once over all units and stored.
 * Every figure counts the tasks the ministry assigned: sub-tasks (a unit's pieces of one task) are never counted
 * again, in the briefing, the trend, the ranking, per-document progress, the key tasks or the exports.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly snapshots: ReportSnapshots,
    private readonly clock: Clock,
  ) {}

  /**
   * `month` or `from`+`to` (days, YYYY-MM-DD); 400 MONTH_OR_RANGE when neither, DAY_RANGE_REVERSED (field `to`) when
   * the day range ends before it starts: a range of days is described in days, MONTH_RANGE_REVERSED is for the trend's
   * month range only.
   */
  resolvePeriod(q: { month?: string; from?: string; to?: string; preset?: PeriodPreset }): Period {
    if (q.preset) {
      if (!q.month || q.from || q.to) throw refuse('MONTH_OR_RANGE', { field: 'month' });
      return presetBounds(q.preset, q.month);
    }
    if (q.month && !q.from && !q.to) return monthBounds(q.month);
    if (!q.month && q.from && q.to) {
      if (q.to < q.from) throw refuse('DAY_RANGE_REVERSED', { field: 'to' });
      return { from: q.from, to: q.to };
    }
    throw refuse('MONTH_OR_RANGE', { field: 'month' });
  }

  /**
   * The figures of a period over every unit, or over one unit's subtree (`unitCode`), or over several subtrees
   * (`overseenPaths`: a leader's blocks; with `unitCode` too, the units in both), within a part of the organisation
   * (`part`, REPORT_PARTS: the headquarters by default when neither a unit nor oversight is named).
   */
  async briefing(period: Period, unitCode?: string, overseenPaths?: string[], part?: ReportPart): Promise<BriefingReport> {
    const scope = unitCode ? await this.requireUnit(unitCode) : null;
    const counted = reportPartOf(part, Boolean(scope || overseenPaths?.length));
    const { rows, stored } = await this.unitCounts(period, overseenPaths?.length ? undefined : scope?.path);
    const unitRows: Array<{ id: string; code: string; name: string; path: string; in_part: boolean }> = await this.db.query(
      `SELECT id, code, name, path, ${unitPartSql(counted, 'units')} AS in_part FROM units ORDER BY path`,
    );
    const names = new Map(unitRows.map((u) => [u.id, u]));
    const within = (path: string) => (!scope || path.startsWith(scope.path)) && (!overseenPaths?.length || overseenPaths.some((p) => path.startsWith(p)));
    const inScope = scope || overseenPaths?.length || counted !== 'all' ? new Set(unitRows.filter((u) => u.in_part && within(u.path)).map((u) => u.id)) : null;
    let total = emptyCounts();
    const unitLines = [];
    for (const r of rows) {
      if (inScope && !inScope.has(r.unitId)) continue;
      total = addCounts(total, r.counts);
      const unit = names.get(r.unitId);
      unitLines.push({ code: unit?.code ?? '?', name: unit?.name ?? '?', ...line(r.counts) });
    }
    const order = new Map([...names.values()].map((u, i) => [u.code, i]));
    unitLines.sort((a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
    const figures = briefingFigures(total);
    return {
      from: period.from,
      to: period.to,
      unit: scope?.code ?? null,
      part: counted,
      ...line(total),
      governmentOfficeRate: { label: 'Tỷ lệ hoàn thành theo cách tính của Văn phòng Chính phủ: hoàn thành / (hoàn thành + quá hạn)', percent: figures.governmentOfficeRate },
      units: unitLines,
      stored,
    };
  }

  async trend(fromMonth: string, toMonth: string, unitCode?: string, overseenPaths?: string[], part?: ReportPart): Promise<TrendPoint[]> {
    if (toMonth < fromMonth) throw refuse('MONTH_RANGE_REVERSED', { field: 'to' });
    const months: string[] = [];
    for (let m = fromMonth; m <= toMonth; m = nextMonth(m)) {
      months.push(m);
      if (months.length > MAX_TREND_MONTHS) throw refuse('MONTH_RANGE_TOO_LONG', { field: 'to', params: { max: MAX_TREND_MONTHS } });
    }
    const points: TrendPoint[] = [];
    for (const month of months) {
      const report = await this.briefing(monthBounds(month), unitCode, overseenPaths, part);
      const { total, completedOnTime, completedLate, inProgressOverdue, inProgressOnTrack, noDeadline } = report;
      points.push({ month, total, completedOnTime, completedLate, inProgressOverdue, inProgressOnTrack, noDeadline });
    }
    return points;
  }

  /** The units of `part` (the headquarters by default: the provincial departments' ranking is the obligations'). */
  async ranking(period: Period, part?: ReportPart): Promise<RankingReport> {
    const counted = reportPartOf(part, false);
    const config = await this.rankingConfig();
    const vi = (n: number) => formatDecimal(n, 'vi');
    const shareText = vi(config.coordinatingShare);
    const p = new SqlParams();
    const classification = periodClassificationSql(p, period.from, period.to);
    const onTime = p.add(config.onTime);
    const penalty = p.add(config.latePenaltyPerDay);
    const minimum = p.add(config.lateMinimum);
    const overdue = p.add(config.overdue);
    // Points per scored task (on-time, late, overdue; tasks still within deadline are not scored yet), for its lead
    // unit and, at a share, for each coordinating unit.
    const rows: Array<{ unit_id: string; code: string; name: string; lead_points: number; lead_n: number; coord_points: number; coord_n: number; on_time: number; late: number; overdue: number }> =
      await this.withParallelScan((m) =>
        m.query(
          `WITH scored AS (
             SELECT x.task_id, x.unit_id, x.category,
                    CASE x.category
                      WHEN 'completed_on_time' THEN ${onTime}::numeric
                      WHEN 'completed_late' THEN greatest(${minimum}::numeric, ${onTime}::numeric - ${penalty}::numeric * x.days_late)
                      ELSE ${overdue}::numeric END AS points
               FROM (${classification}) x
              WHERE x.category IN ('completed_on_time', 'completed_late', 'in_progress_overdue')),
           per_unit AS (
             SELECT unit_id, sum(points) AS lead_points, count(*) AS lead_n, 0::numeric AS coord_points, 0 AS coord_n,
                    count(*) FILTER (WHERE category = 'completed_on_time') AS on_time,
                    count(*) FILTER (WHERE category = 'completed_late') AS late,
                    count(*) FILTER (WHERE category = 'in_progress_overdue') AS overdue
               FROM scored GROUP BY unit_id
             UNION ALL
             SELECT c.unit_id, 0, 0, sum(s.points), count(*), 0, 0, 0
               FROM scored s JOIN task_coordinating_units c ON c.task_id = s.task_id GROUP BY c.unit_id)
           SELECT u.id AS unit_id, u.code, u.name, sum(lead_points)::float AS lead_points, sum(lead_n)::int AS lead_n,
                  sum(coord_points)::float AS coord_points, sum(coord_n)::int AS coord_n,
                  sum(on_time)::int AS on_time, sum(late)::int AS late, sum(per_unit.overdue)::int AS overdue
             FROM per_unit JOIN units u ON u.id = per_unit.unit_id
            WHERE ${unitPartSql(counted, 'u')}
            GROUP BY u.id, u.code, u.name`,
          p.values,
        ),
      );
    const share = config.coordinatingShare;
    const scored = rows
      .map((r) => {
        const weight = r.lead_n + share * r.coord_n;
        return {
          code: r.code,
          name: r.name,
          score: weight > 0 ? Math.round(((r.lead_points + share * r.coord_points) / weight) * 100) / 100 : 0,
          weight,
          leadScored: r.lead_n,
          coordinatingScored: r.coord_n,
          completedOnTime: r.on_time,
          completedLate: r.late,
          inProgressOverdue: r.overdue,
        };
      })
      .filter((r) => r.weight > 0)
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.completedOnTime - a.completedOnTime ||
          a.inProgressOverdue - b.inProgressOverdue ||
          a.code.localeCompare(b.code),
      );
    const units: RankingLine[] = [];
    scored.forEach((r, i) => {
      const prev = units[i - 1];
      const tied = prev && prev.score === r.score && prev.completedOnTime === r.completedOnTime && prev.inProgressOverdue === r.inProgressOverdue;
      const { weight: _w, ...rest } = r;
      units.push({ rank: tied ? prev.rank : i + 1, ...rest });
    });
    return {
      from: period.from,
      to: period.to,
      config,
      // Numbers in the sentence are written the Vietnamese way (0,3, not 0.3): it is shown as is on every screen.
      formula:
        `Mỗi nhiệm vụ được chấm: hoàn thành đúng hạn ${vi(config.onTime)} điểm; hoàn thành quá hạn ${vi(config.onTime)} trừ ${vi(config.latePenaltyPerDay)} điểm mỗi ngày trễ, ` +
        `không dưới ${vi(config.lateMinimum)}; đang thực hiện quá hạn ${vi(config.overdue)} điểm; nhiệm vụ còn trong hạn chưa chấm. ` +
        `Điểm đơn vị = (tổng điểm nhiệm vụ chủ trì + ${shareText} × tổng điểm nhiệm vụ phối hợp) / (số nhiệm vụ chủ trì + ${shareText} × số nhiệm vụ phối hợp).`,
      tieRule: 'Bằng điểm: xếp trên đơn vị có nhiều nhiệm vụ hoàn thành đúng hạn hơn, rồi ít nhiệm vụ quá hạn hơn; vẫn bằng thì đồng hạng.',
      units,
    };
  }

  async rankingConfig(): Promise<RankingConfig> {
    const [row] = await this.db.query(`SELECT value FROM settings WHERE key = $1`, [RANKING_KEY]);
    return { ...DEFAULT_RANKING, ...(row?.value ?? {}) };
  }

  async setRankingConfig(config: RankingConfig, actorId: string): Promise<RankingConfig> {
    await this.db.query(
      `INSERT INTO settings (key, value, updated_at, updated_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id`,
      [RANKING_KEY, JSON.stringify(config), this.clock.now(), actorId],
    );
    return config;
  }

  /** How far each source document's tasks have got, as of now (the ministry's tasks; sub-tasks are pieces of them). */
  async documents(): Promise<DocumentProgress[]> {
    const today = this.clock.today();
    const p = new SqlParams();
    let todayParam: string | undefined;
    const day = () => (todayParam ??= p.add(today));
    const count = (s: Parameters<typeof statusPredicateSql>[0]) => `count(*) FILTER (WHERE ${statusPredicateSql(s, day)})::int`;
    const rows = await this.db.query(
      `SELECT d.id, d.number, d.title,
              count(t.id) FILTER (WHERE t.state <> 'cancelled')::int AS total,
              ${count('completed_on_time')} AS on_time, ${count('completed_late')} AS late,
              ${count('in_progress_overdue')} AS overdue, ${count('in_progress_on_track')} AS on_track,
              ${count('no_deadline')} AS no_deadline,
              count(*) FILTER (WHERE t.state = 'completed')::int AS completed
         FROM source_documents d LEFT JOIN tasks t ON t.source_document_id = d.id AND t.parent_task_id IS NULL
        GROUP BY d.id ORDER BY d.issued_on DESC NULLS LAST, d.number`,
      p.values,
    );
    return rows.map((r: Record<string, never>) => ({
      id: r['id'],
      number: r['number'],
      title: r['title'],
      total: r['total'],
      completedOnTime: r['on_time'],
      completedLate: r['late'],
      inProgressOverdue: r['overdue'],
      inProgressOnTrack: r['on_track'],
      noDeadline: r['no_deadline'],
      donePercent: percentOf(r['completed'], r['total']),
    }));
  }

  /**
   * What the deputy minister reads after the figures: each unit's key tasks due in the month after `month`
   * (deadlines as calendar days in Asia/Ho_Chi_Minh), grouped by lead unit in tree order. Each line passes through
   * `reportTaskLine`: title, deadline and unit for everyone; id, code, assignee and state only where `actor` may open
   * the task. 400 for an unknown `unitCode`.
   */
  async keyTasksNextMonth(actor: Actor, month: string, unitCode?: string): Promise<KeyTasksOfUnit[]> {
    const next = monthBounds(nextMonth(month));
    const scope = unitCode ? await this.requireUnit(unitCode) : null;
    const rows: Array<ReportTaskFacts & { unitCode: string; unitName: string }> = await this.db.query(
      `SELECT u.code AS "unitCode", u.name AS "unitName", t.id, t.code, t.title, t.deadline::text AS deadline, t.state,
              a.full_name AS "assigneeName", t.assignee_id AS "assigneeId", u.path AS "leadUnitPath",
              array(SELECT cu.path FROM task_coordinating_units c JOIN units cu ON cu.id = c.unit_id WHERE c.task_id = t.id) AS "coordinatingUnitPaths"
         FROM tasks t JOIN units u ON u.id = t.lead_unit_id LEFT JOIN users a ON a.id = t.assignee_id
        WHERE t.is_key_task AND t.state <> 'cancelled' AND t.deadline BETWEEN $1 AND $2 AND t.parent_task_id IS NULL
          AND ($3::text IS NULL OR u.path LIKE $3 || '%')
        ORDER BY u.path, t.deadline, t.code`,
      [next.from, next.to, scope?.path ?? null],
    );
    const byUnit = new Map<string, KeyTasksOfUnit>();
    for (const r of rows) {
      if (!byUnit.has(r.unitCode)) byUnit.set(r.unitCode, { code: r.unitCode, name: r.unitName, tasks: [] });
      byUnit.get(r.unitCode)?.tasks.push(reportTaskLine(actor, r));
    }
    return [...byUnit.values()];
  }

  /**
   * Per-unit counts of a period. Ended periods: all units, stored once, then read back (a scope is applied after, with
   * the unit tree as it is now). The running period: computed each time, limited to the scope in SQL.
   */
  async unitCounts(period: Period, scopePath?: string, fresh = false): Promise<{ rows: UnitCounts[]; stored: boolean }> {
    const ended = period.to < this.clock.today();
    const key = `briefing:${period.from}:${period.to}`;
    if (ended && !fresh) {
      const saved = await this.snapshots.get<UnitCounts[]>(key);
      if (saved) return { rows: saved, stored: true };
    }
    const rows = await this.computeUnitCounts(period, ended ? undefined : scopePath);
    if (ended && !fresh) await this.snapshots.put(key, rows, this.clock.now());
    return { rows, stored: false };
  }

  private async computeUnitCounts(period: Period, scopePath?: string): Promise<UnitCounts[]> {
    type Row = { unit_id: string; completed_on_time: number; completed_late: number; in_progress_overdue: number; in_progress_on_track: number; no_deadline: number };
    const sql = periodCountsSql(period.from, period.to, scopePath);
    const [simple, history] = await this.withParallelScan(async (m) => [(await m.query(...sql.simple)) as Row[], (await m.query(...sql.history)) as Row[]]);
    const byUnit = new Map<string, CategoryCounts>();
    for (const r of [...simple, ...history]) {
      const counts = { completedOnTime: r.completed_on_time, completedLate: r.completed_late, inProgressOverdue: r.in_progress_overdue, inProgressOnTrack: r.in_progress_on_track, noDeadline: r.no_deadline };
      byUnit.set(r.unit_id, addCounts(byUnit.get(r.unit_id) ?? emptyCounts(), counts));
    }
    return [...byUnit].map(([unitId, counts]) => ({ unitId, counts })).sort((a, b) => a.unitId.localeCompare(b.unitId));
  }

  /** Whole-table aggregates may use parallel workers (the OLTP pool turns them off; see data-source-options.ts). */
  private withParallelScan<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('READ COMMITTED', async (m) => {
      await m.query(`SET LOCAL max_parallel_workers_per_gather = 2`);
      return work(m);
    });
  }

  private async requireUnit(code: string): Promise<{ code: string; path: string }> {
    const unit = await this.units.findByCode(code);
    if (!unit) throw refuse('UNKNOWN_UNIT', { field: 'unit', params: { code } });
    return unit;
  }

}

export function nextMonth(month: string): string {
  return addDays(`${monthBounds(month).to}`, 1).slice(0, 7);
}
