import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { BriefingLine, BriefingReport, BriefingUnitLine, RankingReport, TrendPoint } from '@tiendo/contracts';
import { DisplayLanguage, formatPercent } from '@tiendo/domain';
import { apiError, DirectoryApi, ReportPeriod, ReportsApi } from '@tiendo/web-data-access';
import { DecimalNumberPipe, Language, PercentPipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { BAR_CATEGORIES, BAR_STYLES, BarCategory, BarSegment, categorySegments, LoadState, NavLinks, routeUrl, UnitOption, unitOptions, withHrefs } from '@tiendo/web-ui';
import { DateField, MonthField } from '@tiendo/web-ui/dates';
import { map } from 'rxjs';
import { addMonths, currentMonth, periodFromParams, periodLabel, periodListParams } from '../report-period';

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
  imports: [ReactiveFormsModule, DateField, MonthField, RouterLink, NavLinks, TranslocoDirective, PercentPipe, DecimalNumberPipe, LoadState],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
  styles: [BAR_STYLES],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPage {
  private readonly reports = inject(ReportsApi);
  private readonly directory = inject(DirectoryApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(Language);

  protected readonly period = toSignal(this.route.queryParamMap.pipe(map((p) => periodFromParams(p, currentMonth()))), { requireSync: true });
  protected readonly briefing = signal<BriefingReport | null>(null);
  protected readonly trend = signal<TrendPoint[] | null>(null);
  protected readonly ranking = signal<RankingReport | null>(null);
  protected readonly allRanks = signal(false);
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
    mode: new FormControl<'month' | 'range'>('month', { nonNullable: true }),
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
        this.form.setValue({ mode: period.month ? 'month' : 'range', month: period.month ?? '', from: period.from ?? '', to: period.to ?? '', unit: period.unit ?? '' }, { emitEvent: false });
        void this.load(period);
      });
    });
  }

  protected async load(period: ReportPeriod = this.period()): Promise<void> {
    this.error.set(null);
    this.briefing.set(null);
    const last = period.month ?? (period.to as string).slice(0, 7);
    try {
      // The figures first: they are what the page is for; the trend and ranking follow.
      this.briefing.set(await this.reports.briefing(period));
      // The unit picker (a ministry's 1,000 units) is filled after the figures are on the page, not in the same frame.
      if (!this.units().length) void this.directory.units().then((u) => this.units.set(unitOptions(u)), () => this.units.set([]));
      const [trend, ranking] = await Promise.all([this.reports.trend(addMonths(last, 1 - TREND_MONTHS), last, period.unit), this.reports.ranking(period)]);
      this.trend.set(trend);
      this.ranking.set(ranking);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected apply(): void {
    const v = this.form.getRawValue();
    const queryParams = v.mode === 'range' && v.from && v.to ? { from: v.from, to: v.to, unit: v.unit || undefined } : { month: v.month || currentMonth(), unit: v.unit || undefined };
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }

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
      queryParams: periodListParams({ month: point.month }, c, this.period().unit),
    }));
  }

  protected monthLabel(month: string): string {
    return periodLabel({ month });
  }

  private counts(line: BriefingLine): Record<BarCategory, number> {
    return { completedOnTime: line.completedOnTime.count, completedLate: line.completedLate.count, inProgressOverdue: line.inProgressOverdue.count, inProgressOnTrack: line.inProgressOnTrack.count };
  }
}
