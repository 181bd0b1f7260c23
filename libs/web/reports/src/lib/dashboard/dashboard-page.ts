import { LowerCasePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { BriefingLine, BriefingUnitLine, ComparedBriefingReport, RankingReport, ReportPreset, ReportStatisticsView, TrendPoint } from '@tiendo/contracts';
import { DisplayLanguage, formatCount, formatPercent } from '@tiendo/domain';
import { apiError, DirectoryApi, ReportObligationsApi, ReportPeriod, ReportsApi, Session } from '@tiendo/web-data-access';
import { CountPipe, DecimalNumberPipe, Language, PercentPipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { BAR_CATEGORIES, BAR_STYLES, BarCategory, BarSegment, categorySegments, LoadState, NavLinks, routeUrl, UnitOption, unitOptions, UnitPicker, withHrefs, FocusFirstErrorOnSubmit } from '@tiendo/web-ui';
import { DateField, MonthField } from '@tiendo/web-ui/dates';
import { addMonths, currentMonth, periodBounds, periodFromParams, periodLabel, periodListParams, presetName, previousYearPeriod } from '../report-period';
import { percentPointChange, previousYearSentence } from '../previous-year';

interface UnitRow {
  code: string;
  name: string;
  total: number;
  totalHref: string;
  onTime: string;
  bar: Array<BarSegment & { href: string }>;
}

const TREND_MONTHS = 12;
const TOP_RANKS = 20;
const FIRST_ROWS = 40;
const ROWS_PER_FRAME = 120;

/** The four categories of a period as counts and percentages, a bar per unit, the trend and the ranking; every number opens its tasks. */
@Component({
  selector: 'td-dashboard-page',
  imports: [ReactiveFormsModule, UnitPicker, LowerCasePipe, DateField, MonthField, RouterLink, NavLinks, TranslocoDirective, PercentPipe, DecimalNumberPipe, LoadState, FocusFirstErrorOnSubmit, CountPipe],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
  styles: [BAR_STYLES],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPage {
  private readonly reports = inject(ReportsApi);
  private readonly obligations = inject(ReportObligationsApi);
  private readonly directory = inject(DirectoryApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly transloco = inject(TranslocoService);
  protected readonly language = inject(Language);

  private readonly session = inject(Session);

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  /** A leader sees the units they oversee by default (scope=oversight); `scope=all` is the whole ministry. */
  protected readonly isLeader = computed(() => this.session.user()?.role === 'leader');
  protected readonly period = computed(() => periodFromParams(this.params(), currentMonth(), this.isLeader()), { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  protected readonly briefing = signal<ComparedBriefingReport | null>(null);
  protected readonly trend = signal<TrendPoint[] | null>(null);
  /** The same twelve months a year earlier, by month, for the comparison under each column. */
  protected readonly trendLastYear = signal<Map<string, TrendPoint>>(new Map());
  protected readonly presets = ['month', 'quarter', 'half', 'nine-months', 'year'] as const;
  protected readonly lastYearLabel = computed(() => periodLabel(previousYearPeriod(this.period())));
  /** "Quý 2/2020", "6 tháng đầu năm 2020"… for a preset; null for a month or a range. */
  protected readonly presetTitle = computed(() => {
    this.catalogue();
    return presetName(this.period(), (key, params) => this.transloco.translate(key, params));
  });
  protected readonly ranking = signal<RankingReport | null>(null);
  protected readonly allRanks = signal(false);
  /** The provincial departments by their share of reports sent on time over the period's year (`/statistics`), beside the task ranking. */
  protected readonly reportRanking = signal<ReportStatisticsView | null>(null);
  protected readonly allReportRanks = signal(false);
  protected readonly reportRanks = computed(() => {
    const lines = this.reportRanking()?.provincialRanking ?? [];
    return this.allReportRanks() ? lines : lines.slice(0, TOP_RANKS);
  });
  /** The top of the ranking; the whole of it (a line per unit) on request. */
  protected readonly ranks = computed(() => {
    const units = this.ranking()?.units ?? [];
    return this.allRanks() ? units : units.slice(0, TOP_RANKS);
  });
  protected readonly error = signal<string | null>(null);
  protected readonly units = signal<UnitOption[]>([]);
  private readonly catalogue = toSignal(this.transloco.selectTranslation());
  protected readonly categories = BAR_CATEGORIES;
  protected readonly label = computed(() => periodLabel(this.period()));
  /**
   * The unit lines on the page so far. A ministry has about 1,000 units: the four figures are drawn at once, then the
   * lines a batch per frame (each built once, links and percentages ready), so the page never freezes while they come.
   */
  protected readonly shownRows = signal<UnitRow[]>([]);
  /** The trend's tallest month, so that columns share one scale. */
  protected readonly trendMax = computed(() => Math.max(1, ...(this.trend() ?? []).map((p) => p.total)));

  protected readonly form = new FormGroup({
    mode: new FormControl<ReportPreset | 'range'>('month', { nonNullable: true }),
    month: new FormControl('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
    unit: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    effect((onCleanup) => {
      const briefing = this.briefing();
      const language = this.language.current();
      this.catalogue(); // the labels follow the catalogue once it has loaded, not only the language's name
      const units = briefing?.units ?? [];
      let frame = 0;
      let next = 0;
      const step = () => {
        const batch = untracked(() => units.slice(next, next + (next === 0 ? FIRST_ROWS : ROWS_PER_FRAME)).map((u) => this.unitRow(u, language)));
        next += batch.length;
        this.shownRows.update((rows) => (batch.length === next ? batch : [...rows, ...batch]));
        if (next < units.length) frame = requestAnimationFrame(step);
      };
      step();
      onCleanup(() => cancelAnimationFrame(frame));
    });
    effect(() => {
      const period = this.period();
      untracked(() => {
        this.form.setValue({ mode: period.month ? (period.preset ?? 'month') : 'range', month: period.month ?? '', from: period.from ?? '', to: period.to ?? '', unit: period.unit ?? '' }, { emitEvent: false });
        void this.load(period);
      });
    });
  }

  /** The latest load: an answer to an earlier one (the period changed meanwhile, e.g. a leader's scope) is dropped. */
  private loadSeq = 0;

  protected async load(period: ReportPeriod = this.period()): Promise<void> {
    const seq = ++this.loadSeq;
    this.error.set(null);
    this.briefing.set(null);
    const last = periodBounds(period).to.slice(0, 7);
    try {
      // The figures first (with the same period last year beside them): they are what the page is for; the trend and ranking follow.
      const briefing = await this.reports.comparedBriefing(period);
      if (seq !== this.loadSeq) return;
      this.briefing.set(briefing);
      // The unit picker (a ministry's 1,000 units) is filled after the figures are on the page, not in the same frame.
      if (!this.units().length) void this.directory.units().then((u) => this.units.set(unitOptions(u)), () => this.units.set([]));
      const [trend, ranking, lastYear] = await Promise.all([
        this.reports.trend(addMonths(last, 1 - TREND_MONTHS), last, period.unit, period.scope),
        this.reports.ranking(period),
        this.reports.trend(addMonths(last, 1 - TREND_MONTHS - 12), addMonths(last, -12), period.unit, period.scope),
      ]);
      if (seq !== this.loadSeq) return;
      this.trend.set(trend);
      this.trendLastYear.set(new Map(lastYear.map((p) => [addMonths(p.month, 12), p])));
      this.ranking.set(ranking);
      // The reports' ranking is of a year; it is shown when there are provincial departments to rank.
      const year = Number(last.slice(0, 4));
      if (this.reportRanking()?.year !== year) {
        this.reportRanking.set(null);
        this.allReportRanks.set(false);
        const stats = await this.obligations.statistics(year).catch(() => null);
        if (seq === this.loadSeq) this.reportRanking.set(stats);
      }
    } catch (err) {
      if (seq === this.loadSeq) this.error.set(apiError(err).code);
    }
  }

  /** The custom range's end is before its start (shown as DAY_RANGE_REVERSED under "Đến ngày"). */
  protected readonly rangeReversed = signal(false);

  protected apply(): void {
    const v = this.form.getRawValue();
    // A range ending before it starts is refused here in days (the URL would otherwise fall back to a month silently);
    // the "to" field's own limit (min = from) says it too.
    this.rangeReversed.set(v.mode === 'range' && isIsoDay(v.from) && isIsoDay(v.to) && v.to < v.from);
    if (this.rangeReversed()) return;
    // A typed text that is not a day or month blocks the period: the URL keeps the last valid one, the error stays.
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const scope = this.params().get('scope') ?? undefined;
    const queryParams =
      v.mode === 'range' && v.from && v.to
        ? { from: v.from, to: v.to, unit: v.unit || undefined, scope }
        : { month: v.month || currentMonth(), preset: v.mode === 'month' || v.mode === 'range' ? undefined : v.mode, unit: v.unit || undefined, scope };
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  /** A leader's switch between the units they oversee and the whole ministry (the URL keeps the choice). */
  protected showScope(scope: 'oversight' | 'all'): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { scope, unit: undefined }, queryParamsHandling: 'merge' });
  }

  /** A count's change against last year, signed ("+12", "−3", "±0"). */
  protected signed(n: number): string {
    return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${formatCount(Math.abs(n))}`;
  }

  /** The change of a category's share against the same period last year ("+4,17"), null against an empty period. */
  protected delta(current: BriefingLine, previous: BriefingLine, c: BarCategory): string | null {
    return percentPointChange({ total: current.total, percent: current[c].percent }, { total: previous.total, percent: previous[c].percent }, this.language.current());
  }

  /** The comparison with the same period last year: one sentence, built in one place (previous-year.ts). */
  protected readonly compareSentence = previousYearSentence;

  private unitRow(u: BriefingUnitLine, language: DisplayLanguage): UnitRow {
    return {
      code: u.code,
      name: u.name,
      total: u.total,
      totalHref: routeUrl('/nhiem-vu', this.link('all', u.code)),
      onTime: formatPercent(u.completedOnTime.percent, language),
      bar: withHrefs(this.segments(u, u.code)),
    };
  }

  protected link(category: string, unit?: string): Record<string, string> {
    return periodListParams(this.period(), category, unit);
  }

  protected segments(line: BriefingLine, unit?: string): BarSegment[] {
    return categorySegments(this.counts(line), line.total, (c) => this.transloco.translate(`category.${c}`), this.language.current(), (c) => ({
      path: '/nhiem-vu',
      queryParams: this.link(c, unit),
    }));
  }

  protected monthSegments(point: TrendPoint): BarSegment[] {
    return categorySegments(this.counts(point), point.total, (c) => this.transloco.translate(`category.${c}`), this.language.current(), (c) => ({
      path: '/nhiem-vu',
      queryParams: periodListParams({ month: point.month, scope: this.period().scope }, c, this.period().unit),
    }));
  }

  protected monthLabel(month: string): string {
    return periodLabel({ month });
  }

  private counts(line: BriefingLine): Record<BarCategory, number> {
    return { completedOnTime: line.completedOnTime.count, completedLate: line.completedLate.count, inProgressOverdue: line.inProgressOverdue.count, inProgressOnTrack: line.inProgressOnTrack.count };
  }
}

function isIsoDay(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
}
