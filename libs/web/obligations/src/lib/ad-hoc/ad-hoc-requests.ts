import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { AdHocPeriodView, AdHocReportRequest, FieldError, ObligationHistoryEntryView, ObligationPeriodView, ReportObligationView } from '@tiendo/contracts';
import { adHocReportingPeriod, dayOfWeek, formatLocalDate, isLocalDate, type LocalDate, type ReportingSchedule, toLocalDate, type WorkingCalendar } from '@tiendo/domain';
import { apiError, FormOutcome, ReportObligationsApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { FieldErrorText, FormErrorBanner, LoadState } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';

/** The limits of AdHocReportRequestDto (libs/server/report-obligations report-obligation.dto.ts). */
export const AD_HOC_LIMITS = { label: 200, note: 1000 } as const;

/** One request made, as the list shows it; `requestedBy`/`requestedAt` null when the history does not name them. */
export interface AdHocRequestRow {
  key: string;
  label: string;
  start: LocalDate;
  end: LocalDate;
  deadline: LocalDate;
  weekday: number;
  requestedOn: LocalDate;
  requestedBy: string | null;
  requestedAt: string | null;
}

/** What the form holds: days as the date fields give them (ISO, '' when empty, or the text typed when not a day). */
export interface AdHocRequestInput {
  label: string;
  start: string;
  end: string;
  deadline: string;
  shortDeadline: boolean;
  note: string;
}

/** A refusal in the browser: the field (the API's name), the catalogue key and its parameters. */
export interface AdHocRefusal {
  field: keyof AdHocRequestInput;
  key: string;
  params?: Record<string, string>;
}

/** The obligation's schedule as the API's `schedule(row)` builds it: what was set, the decree's defaults otherwise. */
export function obligationSchedule(o: Pick<ReportObligationView, 'cutOffDay' | 'due' | 'createWorkingDaysBefore'>): ReportingSchedule {
  return { periodicity: 'ad_hoc', ...(o.cutOffDay !== null ? { cutOffDay: o.cutOffDay } : {}), ...(o.due ? { due: o.due } : {}), createWorkingDaysBefore: o.createWorkingDaysBefore };
}

/**
 * The API's checks of `POST /:id/requests` (ReportObligationsService.request), made before sending: label 1–200
 * characters, `end` a day, `start` not after it (DAY_RANGE_REVERSED, on `end`), the same data window not asked twice
 * (DUPLICATE), the due date, a day off moved to the next working day (Civil Code art. 148(5)), at least one working day
 * after `end` (Decree 09/2019/NĐ-CP art. 8(5)(b)) unless `shortDeadline` (then not before `end`), and not before the
 * first day of `today`'s month; note at most 1,000 characters. Without the calendar the due date is left to the API.
 * [] when the API would accept it (as far as the browser knows: it may still answer 409/422).
 */
export function adHocRequestRefusals(v: AdHocRequestInput, schedule: ReportingSchedule, today: LocalDate, calendar: WorkingCalendar | null, takenKeys: ReadonlySet<string> = new Set()): AdHocRefusal[] {
  const out: AdHocRefusal[] = [];
  const label = v.label.trim();
  if (!label) out.push({ field: 'label', key: 'adHocRequests.check.labelRequired' });
  else if (label.length > AD_HOC_LIMITS.label) out.push({ field: 'label', key: 'adHocRequests.check.labelTooLong', params: { max: String(AD_HOC_LIMITS.label) } });
  if (v.note.trim().length > AD_HOC_LIMITS.note) out.push({ field: 'note', key: 'adHocRequests.check.noteTooLong', params: { max: String(AD_HOC_LIMITS.note) } });
  const startOk = !v.start || isLocalDate(v.start);
  if (!startOk) out.push({ field: 'start', key: 'adHocRequests.check.notADay' });
  if (v.deadline && !isLocalDate(v.deadline)) out.push({ field: 'deadline', key: 'adHocRequests.check.notADay' });
  if (!v.end) {
    out.push({ field: 'end', key: 'adHocRequests.check.endRequired' });
    return out;
  }
  if (!isLocalDate(v.end)) {
    out.push({ field: 'end', key: 'adHocRequests.check.notADay' });
    return out;
  }
  const start = v.start && startOk ? v.start : v.end;
  if (start > v.end) {
    out.push({ field: 'end', key: 'errors.code.DAY_RANGE_REVERSED' });
    return out;
  }
  if (takenKeys.has(`${start}..${v.end}`)) out.push({ field: 'end', key: 'adHocRequests.check.duplicate', params: { from: formatLocalDate(start), to: formatLocalDate(v.end) } });
  if (!calendar || (v.deadline && !isLocalDate(v.deadline))) return out;
  const due = v.deadline ? calendar.onOrAfterWorkingDay(v.deadline) : adHocReportingPeriod(schedule, start, v.end, calendar).deadline;
  const earliest = v.shortDeadline ? v.end : calendar.addWorkingDays(v.end, 1);
  const monthStart = `${today.slice(0, 7)}-01`;
  if (due < earliest) {
    out.push(v.shortDeadline ? { field: 'deadline', key: 'adHocRequests.check.dueBeforeCutOff', params: { day: formatLocalDate(v.end) } } : { field: 'deadline', key: 'adHocRequests.check.dueTooSoon', params: { day: formatLocalDate(earliest) } });
  } else if (due < monthStart) {
    out.push({ field: 'deadline', key: 'adHocRequests.check.dueBeforeMonth', params: { day: formatLocalDate(monthStart) } });
  }
  return out;
}

/**
 * An ad hoc obligation's requests (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c)), on its page: for whoever
 * manages it, the form of `POST /api/report-obligations/:id/requests` (label, data window, due date defaulting to the
 * obligation's due rule, computed here on the working calendar with libs/domain adHocReportingPeriod, the API's
 * function; "rút ngắn thời hạn"), checked in the browser as the API checks it, with the API's field errors beside the
 * fields; for every reader, the requests made (`GET /:id/periods`), newest first, each a link to its board, with who
 * asked and when as the obligation's history records it (`requests.<key>`: the periods do not carry them).
 */
@Component({
  selector: 'td-ad-hoc-requests',
  imports: [ReactiveFormsModule, RouterLink, TranslocoDirective, LocalDatePipe, DateTimePipe, DateField, FieldErrorText, FormErrorBanner, LoadState],
  templateUrl: './ad-hoc-requests.html',
  styles: `
    .row2 { display: flex; flex-wrap: wrap; gap: 0.75rem; }
    .row2 > .field { flex: 1 1 12rem; min-width: 0; }
    .table-wrap { overflow-x: auto; }
    textarea, input:not([type='checkbox']) { max-width: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdHocRequests {
  private readonly api = inject(ReportObligationsApi);
  private readonly transloco = inject(TranslocoService);
  /** The saved obligation (periodicity `ad_hoc`). */
  readonly obligation = input.required<ReportObligationView>();
  /** The working calendar the page loaded (null until it has): the default due date is computed on it. */
  readonly calendar = input<WorkingCalendar | null>(null);
  /** A request was recorded (the page reads the history again). */
  readonly requested = output<AdHocPeriodView>();

  protected readonly today = toLocalDate(new Date());
  protected readonly limits = AD_HOC_LIMITS;
  protected readonly rows = signal<AdHocRequestRow[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly outcome = new FormOutcome();
  /** Set by the first "send": from then on the browser's checks follow what is typed. */
  private readonly tried = signal(false);

  protected readonly form = new FormGroup({
    label: new FormControl('', { nonNullable: true }),
    start: new FormControl('', { nonNullable: true }),
    end: new FormControl('', { nonNullable: true }),
    deadline: new FormControl('', { nonNullable: true }),
    shortDeadline: new FormControl(false, { nonNullable: true }),
    note: new FormControl('', { nonNullable: true }),
  });
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  /** Requests are taken while the obligation is in force today (else the API answers 422). */
  protected readonly inForce = computed(() => {
    const o = this.obligation();
    return o.startsOn <= this.today && (o.endsOn === null || this.today <= o.endsOn);
  });
  private readonly schedule = computed(() => obligationSchedule(this.obligation()));
  private readonly takenKeys = computed(() => new Set((this.rows() ?? []).map((r) => r.key)));
  private readonly input = computed<AdHocRequestInput>(() => ({ ...this.form.getRawValue(), ...this.value() }) as AdHocRequestInput);

  /** The due date the obligation's rule gives for the data window typed, with its weekday; null until `end` is a day. */
  protected readonly defaultDue = computed(() => {
    const v = this.input();
    const calendar = this.calendar();
    if (!calendar || !isLocalDate(v.end)) return null;
    const start = isLocalDate(v.start) && v.start <= v.end ? v.start : v.end;
    const day = adHocReportingPeriod(this.schedule(), start, v.end, calendar).deadline;
    return { day, weekday: dayOfWeek(day) };
  });
  /** A due date typed on a day off: the working day the API will record instead. */
  protected readonly movedDue = computed(() => {
    const v = this.input();
    const calendar = this.calendar();
    if (!calendar || !isLocalDate(v.deadline)) return null;
    const day = calendar.onOrAfterWorkingDay(v.deadline);
    return day === v.deadline ? null : { day, weekday: dayOfWeek(day) };
  });
  /** The browser's refusals by field, in words (shown once "send" was pressed). */
  protected readonly checks = computed<Record<string, FieldError[]>>(() => {
    if (!this.tried()) return {};
    const out: Record<string, FieldError[]> = {};
    for (const r of adHocRequestRefusals(this.input(), this.schedule(), this.today, this.calendar(), this.takenKeys())) {
      (out[r.field] ??= []).push({ field: r.field, message: this.transloco.translate(r.key, r.params ?? {}) });
    }
    return out;
  });

  constructor() {
    effect(() => {
      const id = this.obligation().id;
      untracked(() => void this.load(id));
    });
  }

  /** The field's errors: the browser's while it refuses, else the API's last answer. */
  protected errorsOf(field: string): FieldError[] | undefined {
    return this.checks()[field] ?? this.outcome.errors()[field];
  }

  protected async send(): Promise<void> {
    this.tried.set(true);
    const v = this.input();
    if (Object.keys(this.checks()).length) return;
    const o = this.obligation();
    const body: AdHocReportRequest = {
      label: v.label.trim(),
      end: v.end,
      ...(v.start ? { start: v.start } : {}),
      ...(v.deadline ? { deadline: v.deadline } : {}),
      ...(v.shortDeadline ? { shortDeadline: true } : {}),
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
    };
    const made = await this.outcome.run(() => this.api.requestAdHoc(o.id, body));
    if (!made) return;
    this.outcome.notice.set(made.reportTasksQueued ? 'adHocRequests.done' : 'adHocRequests.doneLater');
    this.rows.update((rows) => [toRow(made, made.requestedBy.fullName, made.requestedAt), ...(rows ?? []).filter((r) => r.key !== made.key)]);
    this.tried.set(false);
    this.form.reset();
    this.requested.emit(made);
  }

  protected async load(id = this.obligation().id): Promise<void> {
    this.loadError.set(null);
    try {
      const [periods, history] = await Promise.all([this.api.periods(id), this.api.history(id).catch(() => [] as ObligationHistoryEntryView[])]);
      const asked = whoAsked(history);
      this.rows.set(
        periods.items
          .map((p) => {
            const who = asked.get(p.key);
            return toRow(p, who?.name ?? null, who?.at ?? null);
          })
          .reverse(),
      );
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }
}

function toRow(p: ObligationPeriodView, requestedBy: string | null, requestedAt: string | null): AdHocRequestRow {
  return { key: p.key, label: p.label, start: p.start, end: p.end, deadline: p.deadline, weekday: dayOfWeek(p.deadline), requestedOn: p.createOn, requestedBy, requestedAt };
}

/** Who asked each period and when: the history's `requests.<key>` changes (ReportObligationsService.request). */
function whoAsked(history: ObligationHistoryEntryView[]): Map<string, { name: string | null; at: string }> {
  const out = new Map<string, { name: string | null; at: string }>();
  for (const e of history) {
    for (const c of e.changes) {
      const m = /^requests\.(.+)$/.exec(c.field);
      if (m && !out.has(m[1])) out.set(m[1], { name: e.actor?.fullName ?? null, at: e.at });
    }
  }
  return out;
}
