import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { ReportObligationListItem } from '@tiendo/contracts';
import { REPORTING_PERIODICITIES, toLocalDate, type WorkingCalendar } from '@tiendo/domain';
import { apiError, DirectoryApi, ReportObligationsApi, Session } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { FilterPanel, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';
import { lastPeriod, previewPeriods } from '../obligation-schedule';

/** Who may create an obligation (the API's OBLIGATION_WRITER_ROLES; a unit head for one their unit receives). */
const WRITERS = ['admin', 'monitor', 'unit_head'];

/**
 * The reporting obligations the signed-in user may read (the API decides: every one for admin, leaders and the
 * Ministry Office; those that concern their unit for the others), searched by code or name on the server, narrowed
 * by periodicity and receiving unit here, each with its next period's cut-off and due day on the working calendar.
 */
@Component({
  selector: 'td-obligations-page',
  imports: [ReactiveFormsModule, RouterLink, TranslocoDirective, LocalDatePipe, FilterPanel, LoadState, UnitPicker],
  templateUrl: './obligations-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ObligationsPage {
  private readonly api = inject(ReportObligationsApi);
  private readonly directory = inject(DirectoryApi);
  private readonly session = inject(Session);
  protected readonly periodicities = REPORTING_PERIODICITIES;
  protected readonly items = signal<ReportObligationListItem[] | null>(null);
  protected readonly total = signal(0);
  protected readonly error = signal<string | null>(null);
  protected readonly units = signal<UnitOption[]>([]);
  private readonly calendar = signal<WorkingCalendar | null>(null);
  private readonly today = toLocalDate(new Date());
  protected readonly canCreate = computed(() => WRITERS.includes(this.session.user()?.role ?? ''));

  protected readonly form = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    periodicity: new FormControl('', { nonNullable: true }),
    unit: new FormControl('', { nonNullable: true }),
  });
  private readonly applied = signal(this.form.getRawValue());
  protected readonly activeFilters = computed(() => Object.values(this.applied()).filter(Boolean).length);

  /**
   * The rows after the periodicity and receiving-unit filters, each with its next period (null: ad hoc or ended) and,
   * for one ended before today, its last period.
   */
  protected readonly rows = computed(() => {
    const f = this.applied();
    const calendar = this.calendar();
    return (this.items() ?? [])
      .filter((o) => (!f.periodicity || o.periodicity === f.periodicity) && (!f.unit || o.receivingUnit.code === f.unit))
      .map((o) => {
        const input = { periodicity: o.periodicity, cutOffDay: o.cutOffDay, due: o.due, startsOn: o.startsOn, endsOn: o.endsOn };
        const next = calendar ? (previewPeriods(input, this.today, calendar, 1)[0] ?? null) : null;
        // An obligation that has ended shows its last period (its board), not a dash.
        const last = calendar && !next && o.endsOn && o.endsOn < this.today ? lastPeriod(input, calendar) : null;
        return { ...o, next, last };
      });
  });

  constructor() {
    void this.load();
    void this.loadChoices();
  }

  protected apply(): void {
    const before = this.applied().q;
    this.applied.set(this.form.getRawValue());
    if (this.form.controls.q.value !== before) void this.load();
  }

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      const page = await this.api.list(this.form.controls.q.value.trim(), 1, 200);
      this.items.set(page.items);
      this.total.set(page.total);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private async loadChoices(): Promise<void> {
    const [units, calendar] = await Promise.all([this.directory.units().catch(() => []), this.directory.workingCalendar().catch(() => null)]);
    this.units.set(unitOptions(units.filter((u) => u.active)));
    this.calendar.set(calendar);
  }
}
