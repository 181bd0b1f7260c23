import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { ComparedBriefingReport, KeyTasksOfUnit, ReportPreset } from '@tiendo/contracts';
import { apiError, downloadFile, Organisation, ReportsApi, Session } from '@tiendo/web-data-access';
import { CountPipe, formatDateTime, Language, LocalDatePipe, PercentPipe, TranslocoDirective } from '@tiendo/web-i18n';
import { LowerCasePipe } from '@angular/common';
import { BAR_CATEGORIES, FocusFirstErrorOnSubmit, LoadState } from '@tiendo/web-ui';
import { DateField, MonthField } from '@tiendo/web-ui/dates';
import { addMonths, periodBounds, periodFromParams, periodLabel, presetName, previousMonth, previousYearPeriod } from '../report-period';
import { previousYearSentence } from '../previous-year';

/**
 * The flag-ceremony briefing of a month: the figures read out, one unit per line, then each unit's key tasks for
 * the next month. Shown full screen on the projector, printed to A4, or exported with the same figures.
 */
@Component({
  selector: 'td-briefing-page',
  imports: [ReactiveFormsModule, MonthField, DateField, RouterLink, TranslocoDirective, PercentPipe, LocalDatePipe, LoadState, LowerCasePipe, FocusFirstErrorOnSubmit, CountPipe],
  templateUrl: './briefing-page.html',
  styleUrl: './briefing-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BriefingPage {
  private readonly reports = inject(ReportsApi);
  /** The organisation's name heads the briefing, as an admin set it (never a name written in the code). */
  protected readonly organisation = inject(Organisation);
  /** dd/MM/yyyy HH:mm in Vietnam, refreshed as the browser starts printing: the paper says when it was printed. */
  protected readonly printedOn = signal(formatDateTime(new Date().toISOString()));
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly stage = viewChild<ElementRef<HTMLElement>>('stage');

  private readonly session = inject(Session);
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  /** A leader's briefing shows the units they oversee by default (scope=oversight); `scope=all` the whole ministry. */
  protected readonly isLeader = computed(() => this.session.user()?.role === 'leader');
  protected readonly period = computed(() => periodFromParams(this.params(), previousMonth(), this.isLeader()), { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  /** The period's last month: next month's key tasks follow it. */
  protected readonly month = computed(() => periodBounds(this.period()).to.slice(0, 7));
  /** "Quý 2/2020" for a preset (a translation key and its values, translated by the template), null for a month or range. */
  protected readonly presetTitle = computed(() => {
    let title: { key: string; params: Record<string, string | number> } | null = null;
    presetName(this.period(), (key, params) => {
      title = { key, params };
      return key;
    });
    return title as { key: string; params: Record<string, string | number> } | null;
  });
  protected readonly lastYearLabel = computed(() => periodLabel(previousYearPeriod(this.period())));
  protected readonly language = inject(Language);
  /** The comparison with the same period last year: one sentence, built in one place (previous-year.ts). */
  protected readonly compareSentence = previousYearSentence;
  protected readonly presets = ['month', 'quarter', 'half', 'nine-months', 'year'] as const;
  /** A preset, or 'range': a custom range of days (from/to, as the dashboard's "Tùy chọn"). */
  protected readonly presetControl = new FormControl<ReportPreset | 'range'>('month', { nonNullable: true });
  protected readonly fromControl = new FormControl('', { nonNullable: true });
  protected readonly toControl = new FormControl('', { nonNullable: true });
  /** A range refused before it reaches the URL: both days needed (MONTH_OR_RANGE), the end not before the start. */
  protected readonly rangeError = signal<'MONTH_OR_RANGE' | 'DAY_RANGE_REVERSED' | null>(null);
  protected readonly nextMonth = computed(() => periodLabel({ month: addMonths(this.month(), 1) }));
  protected readonly label = computed(() => periodLabel(this.period()));
  /** The exported file's name: the month, or the range's first and last days. */
  private readonly fileStem = computed(() => {
    const p = this.period();
    return p.month && !p.preset ? p.month : `${periodBounds(p).from}-${periodBounds(p).to}`;
  });
  protected readonly report = signal<ComparedBriefingReport | null>(null);
  protected readonly keyTasks = signal<KeyTasksOfUnit[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly exporting = signal<'xlsx' | 'docx' | null>(null);
  protected readonly presenting = signal(false);
  protected readonly categories = BAR_CATEGORIES;
  protected readonly monthControl = new FormControl('', { nonNullable: true });

  constructor() {
    effect(() => {
      const period = this.period();
      untracked(() => {
        this.monthControl.setValue(period.month ?? '', { emitEvent: false });
        this.presetControl.setValue(period.month ? (period.preset ?? 'month') : 'range', { emitEvent: false });
        this.fromControl.setValue(period.from ?? '', { emitEvent: false });
        this.toControl.setValue(period.to ?? '', { emitEvent: false });
        this.rangeError.set(null);
        void this.load();
      });
    });
    // Leaving full screen with Esc ends the presentation too.
    const onFullscreen = () => this.presenting.set(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onFullscreen);
    void this.organisation.load();
    const onBeforePrint = () => this.printedOn.set(formatDateTime(new Date().toISOString()));
    window.addEventListener('beforeprint', onBeforePrint);
    inject(DestroyRef).onDestroy(() => window.removeEventListener('beforeprint', onBeforePrint));
    inject(DestroyRef).onDestroy(() => document.removeEventListener('fullscreenchange', onFullscreen));
  }

  /** The latest load: an answer to an earlier one (the period changed meanwhile, e.g. a leader's scope) is dropped. */
  private loadSeq = 0;

  protected async load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.error.set(null);
    this.report.set(null);
    try {
      const [report, keyTasks] = await Promise.all([this.reports.comparedBriefing(this.period()), this.reports.keyTasks(this.month(), this.period().unit)]);
      if (seq !== this.loadSeq) return;
      this.report.set(report);
      this.keyTasks.set(keyTasks);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected choose(): void {
    const scope = this.params().get('scope') ?? undefined;
    if (this.presetControl.value === 'range') {
      // A custom range of days: a typed text that is not a day, a missing day or a reversed range keeps the last period.
      this.rangeError.set(null);
      // The "to" field's own limit (min = from) refuses a reversed range; the page names it below in its words.
      if (this.fromControl.invalid || (this.toControl.invalid && !this.toControl.hasError('dayMin'))) {
        this.fromControl.markAsTouched();
        this.toControl.markAsTouched();
        return;
      }
      const from = this.fromControl.value;
      const to = this.toControl.value;
      if (!from || !to) return this.rangeError.set('MONTH_OR_RANGE');
      if (to < from) return this.rangeError.set('DAY_RANGE_REVERSED');
      void this.router.navigate([], { relativeTo: this.route, queryParams: { from, to, unit: this.period().unit, scope } });
      return;
    }
    // A typed text that is not a month blocks the choice: the URL keeps the last valid month, the error stays.
    if (this.monthControl.invalid) {
      this.monthControl.markAsTouched();
      return;
    }
    const preset = this.presetControl.value === 'month' ? undefined : this.presetControl.value;
    if (this.monthControl.value) void this.router.navigate([], { relativeTo: this.route, queryParams: { month: this.monthControl.value, preset, unit: this.period().unit, scope } });
  }

  /** A leader's switch between the units they oversee and the whole ministry. */
  protected showScope(scope: 'oversight' | 'all'): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { scope, unit: undefined }, queryParamsHandling: 'merge' });
  }

  protected async present(): Promise<void> {
    const stage = this.stage()?.nativeElement;
    if (!stage) return;
    try {
      await stage.requestFullscreen();
    } catch {
      // Full screen refused (an embedded browser): the large layout on the page still serves the projector.
      this.presenting.set(true);
    }
  }

  protected async stopPresenting(): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen();
    this.presenting.set(false);
  }

  protected print(): void {
    window.print();
  }

  protected async export(format: 'xlsx' | 'docx'): Promise<void> {
    this.exporting.set(format);
    this.error.set(null);
    try {
      await downloadFile(this.http, this.reports.exportUrl(this.period(), format), `giao-ban-${this.fileStem()}.${format}`);
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.exporting.set(null);
    }
  }
}
