import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type AttachmentView, BOARD_STATUSES, type BoardLine, type ObligationPeriodView, type PeriodBoardView, type RemindersResult, type ReportObligationView } from '@tiendo/contracts';
import { addDays, toLocalDate } from '@tiendo/domain';
import { apiError, FormOutcome, ReportObligationsApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { ConfirmDialog, FieldErrorText, FormErrorBanner, LoadState, StatusChip } from '@tiendo/web-ui';
import { figureTexts, missingUnits } from './board-rows';

/**
 * The board of one period of an obligation (`/che-do-bao-cao/:id/ky/:periodKey`), for the receiving office: every
 * unit with its report's state by the tasks' status rule (submitted on time / late / not yet and overdue / not yet
 * due), who submitted and when, the files, the figures, the confirmation; confirm or return a report for redo,
 * remind every unit that has not submitted, download the .xlsx. A table on a desktop, cards on a phone.
 */
@Component({
  selector: 'td-obligation-board-page',
  imports: [FormsModule, RouterLink, TranslocoDirective, LocalDatePipe, DateTimePipe, LoadState, StatusChip, FormErrorBanner, FieldErrorText],
  templateUrl: './board-page.html',
  styles: `
    .counts { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 0.5rem 0 1rem; }
    .counts li { border: 1px solid #d0d5dd; border-radius: 0.5rem; padding: 0.4rem 0.75rem; }
    .counts strong { font-size: 1.25rem; margin-right: 0.25rem; }
    .switcher { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
    .switcher .field { min-width: 0; flex: 1 1 14rem; max-width: 22rem; }
    .files { list-style: none; padding: 0; margin: 0; }
    .files button { text-align: left; word-break: break-word; }
    dl.figures { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; }
    dl.figures dd { margin: 0; }
    .return-form textarea { width: 100%; min-height: 4rem; }
    .row-actions { display: flex; flex-wrap: wrap; gap: 0.25rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ObligationBoardPage {
  readonly id = input.required<string>();
  readonly periodKey = input.required<string>();
  private readonly api = inject(ReportObligationsApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);

  protected readonly statuses = BOARD_STATUSES;
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
  protected readonly missing = computed(() => missingUnits(this.board()?.units ?? []));
  protected readonly rows = computed(() => {
    const b = this.board();
    return (b?.units ?? []).map((l) => ({ ...l, figureList: figureTexts(b?.obligation.fields ?? [], l.submission?.figures) }));
  });
  /** The switcher's choices: the periods of the last year and the next ones, the period shown among them. */
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
      void this.load(id, key);
    });
    effect(() => void this.loadObligation(this.id()));
  }

  protected async load(id = this.id(), key = this.periodKey()): Promise<void> {
    this.error.set(null);
    this.reminded.set(null);
    try {
      this.board.set(await this.api.board(id, key));
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private async loadObligation(id: string): Promise<void> {
    try {
      const o = await this.api.get(id);
      this.obligation.set(o);
      const yearAgo = addDays(toLocalDate(new Date()), -400);
      const from = o.startsOn > yearAgo ? o.startsOn : yearAgo;
      this.periods.set((await this.api.periods(id, from, 24)).items);
    } catch {
      // The board answers for itself; without the obligation the switcher and actions are left out.
    }
  }

  protected switchTo(key: string): void {
    void this.router.navigate(['/che-do-bao-cao', this.id(), 'ky', key]);
  }

  protected async remind(): Promise<void> {
    const count = this.missing().length;
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
