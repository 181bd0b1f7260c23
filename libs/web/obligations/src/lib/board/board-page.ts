import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  type AttachmentView,
  BOARD_STATUSES,
  type BoardLine,
  type BoardQuery,
  type BoardStatus,
  type ObligationPeriodView,
  type PeriodBoardView,
  type RemindersResult,
  type ReportObligationView,
} from '@tiendo/contracts';
import { addDays, type LocalDate, toLocalDate } from '@tiendo/domain';
import { apiError, FormOutcome, ReportObligationsApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { ConfirmDialog, FieldErrorText, FormErrorBanner, LoadState, Pager, StatusChip } from '@tiendo/web-ui';
import { figureTexts, missingCount } from './board-rows';

/** Lines per page: the API's default (a period may have 10,000 units). */
const PAGE_SIZE = 100;

/**
 * Where the period switcher's 24 periods begin: 400 days before today, or before the obligation's end once it has
 * ended (an obligation of 2020 lists 2020's periods, its boards reachable), never before its start. `GET /periods`
 * with this `from` gives the last year's periods and the next ones (none past the end).
 */
export function switcherFrom(o: Pick<ReportObligationView, 'startsOn' | 'endsOn'>, today: LocalDate): LocalDate {
  const anchor = o.endsOn && o.endsOn < today ? o.endsOn : today;
  const yearBefore = addDays(anchor, -400);
  return o.startsOn > yearBefore ? o.startsOn : yearBefore;
}

/**
 * The board of one period of an obligation (`/che-do-bao-cao/:id/ky/:periodKey`), for the receiving office: every
 * unit with its report's state by the tasks' status rule (submitted on time / late / not yet and overdue / not yet
 * due), who submitted and when, the files, the figures, the confirmation; confirm or return a report for redo,
 * remind every unit that has not submitted, download the .xlsx (every unit). A table on a desktop, cards on a phone.
 * The lines come a page of 100 at a time, of one cell (the counts are the filters) or all, found by the unit's code or
 * name; the URL keeps `?page=&status=&q=`, so a filtered board is a link. The counts are always the whole period's.
 */
@Component({
  selector: 'td-obligation-board-page',
  imports: [FormsModule, RouterLink, TranslocoDirective, LocalDatePipe, DateTimePipe, LoadState, StatusChip, FormErrorBanner, FieldErrorText, Pager],
  templateUrl: './board-page.html',
  styles: `
    .counts { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 0.5rem 0 1rem; }
    .counts li { border: 1px solid #d0d5dd; border-radius: 0.5rem; padding: 0.4rem 0.75rem; }
    .counts strong { font-size: 1.25rem; margin-right: 0.25rem; }
    .counts li:has(button) { padding: 0; }
    .counts button { background: none; border: 0; border-radius: 0.5rem; padding: 0.4rem 0.75rem; font: inherit; color: inherit; cursor: pointer; }
    .counts button[aria-pressed='true'] { background: #eef4ff; outline: 2px solid #1d4ed8; }
    .find { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin: 0 0 0.75rem; }
    .find .field { min-width: 0; flex: 1 1 14rem; max-width: 22rem; }
    .switcher { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
    .switcher .field { min-width: 0; flex: 1 1 14rem; max-width: 22rem; }
    .files { list-style: none; padding: 0; margin: 0; }
    .files button { text-align: left; word-break: break-word; }
    dl.figures { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; }
    /* A figure is never broken digit by digit ("4.418", "1.234.567"). */
    dl.figures dd { margin: 0; white-space: nowrap; overflow-wrap: normal; font-variant-numeric: tabular-nums; }
    /* On a phone the rows are cards (styles.scss): here each label sits above its value, the state's badge on its
       own line above the due day, who submitted above when, the figures' names wrapping beside their numbers. */
    @media (max-width: 700px) {
      table.data.cards td { flex-direction: column; align-items: stretch; gap: 0.15rem; }
      table.data.cards td[data-label]::before { flex: none; }
      table.data.cards td-status-chip { align-self: flex-start; }
      dl.figures { grid-template-columns: minmax(0, 1fr) auto; }
    }
    .return-form textarea { width: 100%; min-height: 4rem; }
    .row-actions { display: flex; flex-wrap: wrap; gap: 0.25rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ObligationBoardPage {
  readonly id = input.required<string>();
  readonly periodKey = input.required<string>();
  /** From the URL's query (`?page=&status=&q=`, bound by the router like the path's parameters). */
  readonly page = input<string | undefined>();
  readonly status = input<string | undefined>();
  readonly q = input<string | undefined>();
  private readonly api = inject(ReportObligationsApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);

  protected readonly statuses = BOARD_STATUSES;
  protected readonly pageSize = PAGE_SIZE;
  /** The query the board is asked with, from the URL (an unknown status or page is left out, not sent as a 400). */
  protected readonly query = computed<BoardQuery>(() => {
    const page = Number(this.page());
    const status = this.status();
    return {
      page: Number.isInteger(page) && page > 1 ? page : undefined,
      pageSize: PAGE_SIZE,
      status: (BOARD_STATUSES as readonly string[]).includes(status ?? '') ? (status as BoardStatus) : undefined,
      q: this.q()?.trim() || undefined,
    };
  });
  protected readonly filtered = computed(() => !!(this.query().status || this.query().q));
  /** The search box's text (sent on "Tìm"). */
  protected readonly search = signal('');
  protected readonly board = signal<PeriodBoardView | null>(null);
  protected readonly obligation = signal<ReportObligationView | null>(null);
  protected readonly periods = signal<ObligationPeriodView[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly reminded = signal<RemindersResult | null>(null);
  protected readonly remindOutcome = new FormOutcome();
  protected readonly rowOutcome = new FormOutcome();
  protected readonly downloadOutcome = new FormOutcome();
  /** The unit whose return form is open, and its reason. */
  protected readonly returning = signal<string | null>(null);
  protected reason = '';

  protected readonly canManage = computed(() => this.obligation()?.canManage ?? false);
  /** Units still to be reminded: not submitted, whatever their deadline (the whole period's counts, not the page's). */
  protected readonly missing = computed(() => missingCount(this.board()?.counts));
  protected readonly rows = computed(() => {
    const b = this.board();
    return (b?.units ?? []).map((l) => ({ ...l, figureList: figureTexts(b?.obligation.fields ?? [], l.submission?.figures) }));
  });
  /**
   * The switcher's choices: the periods of the last year and the next ones (of the obligation's last year once it has
   * ended: switcherFrom), the period shown among them.
   */
  protected readonly periodChoices = computed(() => {
    const list = this.periods();
    const key = this.periodKey();
    if (list.some((p) => p.key === key)) return list.map((p) => ({ key: p.key, label: p.label }));
    return [...list.map((p) => ({ key: p.key, label: p.label })), { key, label: this.board()?.period.label ?? key }];
  });

  constructor() {
    effect(() => {
      const id = this.id();
      const key = this.periodKey();
      const query = this.query();
      void this.load(id, key, query);
    });
    effect(() => this.search.set(this.q() ?? ''));
    effect(() => void this.loadObligation(this.id()));
  }

  protected async load(id = this.id(), key = this.periodKey(), query = this.query()): Promise<void> {
    this.error.set(null);
    this.reminded.set(null);
    try {
      this.board.set(await this.api.board(id, key, query));
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private async loadObligation(id: string): Promise<void> {
    try {
      const o = await this.api.get(id);
      this.obligation.set(o);
      this.periods.set((await this.api.periods(id, switcherFrom(o, toLocalDate(new Date())), 24)).items);
    } catch {
      // The board answers for itself; without the obligation the switcher and actions are left out.
    }
  }

  protected switchTo(key: string): void {
    void this.router.navigate(['/che-do-bao-cao', this.id(), 'ky', key]);
  }

  /** One cell's lines (again: all of them), from the first page. */
  protected filterBy(status: BoardStatus | undefined): void {
    this.navigate({ ...this.query(), status: status === this.query().status ? undefined : status, page: undefined });
  }

  protected find(): void {
    this.navigate({ ...this.query(), q: this.search().trim() || undefined, page: undefined });
  }

  protected clearFilter(): void {
    this.search.set('');
    this.navigate({});
  }

  protected goTo(page: number): void {
    this.navigate({ ...this.query(), page });
  }

  /** The URL is the board's query: a change navigates, and the inputs it binds load the board. */
  private navigate(query: BoardQuery): void {
    void this.router.navigate(['/che-do-bao-cao', this.id(), 'ky', this.periodKey()], {
      queryParams: { page: query.page && query.page > 1 ? query.page : undefined, status: query.status, q: query.q || undefined },
    });
  }

  protected async remind(): Promise<void> {
    const count = this.missing();
    const go = await this.confirmDialog.ask({
      title: this.transloco.translate('board.remindTitle', { count }),
      message: this.transloco.translate('board.remindMessage'),
      confirm: this.transloco.translate('board.remind'),
    });
    if (!go) return;
    const result = await this.remindOutcome.run(() => this.api.remind(this.id(), this.periodKey()));
    if (result) this.reminded.set(result);
  }

  protected async confirm(line: BoardLine): Promise<void> {
    const go = await this.confirmDialog.ask({
      title: this.transloco.translate('board.confirmTitle', { unit: line.unit.name }),
      confirm: this.transloco.translate('board.confirm'),
    });
    if (!go) return;
    if (await this.rowOutcome.run(() => this.api.confirm(this.id(), this.periodKey(), line.unit.code), 'board.confirmed')) await this.load();
  }

  protected openReturn(line: BoardLine): void {
    this.reason = '';
    this.returning.set(this.returning() === line.unit.code ? null : line.unit.code);
  }

  protected async returnForRedo(line: BoardLine): Promise<void> {
    const done = await this.rowOutcome.run(() => this.api.returnForRedo(this.id(), this.periodKey(), line.unit.code, this.reason.trim(), line.taskVersion), 'board.returned');
    if (!done) return;
    this.returning.set(null);
    await this.load();
  }

  protected download(line: BoardLine, file: AttachmentView): void {
    void this.downloadOutcome.run(() => this.api.downloadSubmissionFile(this.id(), this.periodKey(), line.unit.code, file.id, file.name));
  }

  protected exportXlsx(): void {
    void this.downloadOutcome.run(() => this.api.downloadBoard(this.id(), this.periodKey()));
  }
}
