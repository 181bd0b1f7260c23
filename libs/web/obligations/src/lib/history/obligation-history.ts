import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { ObligationHistoryEntryView } from '@tiendo/contracts';
import { formatLocalDate, isLocalDate } from '@tiendo/domain';
import { apiError, ReportObligationsApi } from '@tiendo/web-data-access';
import { DateTimePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { LoadState } from '@tiendo/web-ui';

/** One change as a line: the field's name and its values before and after, in words. */
export interface HistoryLine {
  field: string;
  from: string;
  to: string;
}

/**
 * An obligation's history (`GET /api/report-obligations/:id/history`, oldest first, shown newest first): who changed
 * what and when — its creation, each change of a field (in the form's words), each reporting unit listed or taken off
 * with its days, the template, each ad hoc report requested, its end — and the note of a change that came from a
 * unit merge or split.
 */
@Component({
  selector: 'td-obligation-history',
  imports: [TranslocoDirective, DateTimePipe, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ol { list-style: none; margin: 0; padding: 0; }
    li.entry { border-top: 1px solid #eaecf0; padding: 0.5rem 0; }
    ul { margin: 0.25rem 0 0; padding-left: 1.2rem; }
    .who { color: #475467; font-size: 0.9rem; }
  `,
  template: `
    <ng-container *transloco="let t">
      @if (error(); as code) {
        <td-load-state state="error" [message]="t('errors.code.' + code)" (retry)="load()" />
      } @else if (entries(); as list) {
        @if (list.length) {
          <ol data-testid="obligation-history">
            @for (e of list; track $index) {
              <li class="entry">
                <strong>{{ t('obligationHistory.action.' + e.action) }}</strong>
                <span class="who"> · {{ e.actor?.fullName ?? t('obligationHistory.system') }} · {{ e.at | tdDateTime }}</span>
                @if (e.note) { <p>{{ e.note }}</p> }
                @if (lines(e); as ls) {
                  @if (ls.length) {
                    <ul>
                      @for (l of ls; track $index) { <li>{{ l.field }}: {{ l.from }} → {{ l.to }}</li> }
                    </ul>
                  }
                }
              </li>
            }
          </ol>
        } @else {
          <p class="hint">{{ t('obligationHistory.empty') }}</p>
        }
      } @else {
        <td-load-state state="loading" />
      }
    </ng-container>
  `,
})
export class ObligationHistory {
  private readonly api = inject(ReportObligationsApi);
  private readonly transloco = inject(TranslocoService);
  readonly obligationId = input.required<string>();
  /** The page's copy of the obligation: each new one (saved, template set, ended) reads the history again. */
  readonly refreshOn = input<unknown>(null);
  protected readonly entries = signal<ObligationHistoryEntryView[] | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      this.obligationId();
      this.refreshOn();
      untracked(() => void this.load());
    });
  }

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      this.entries.set([...(await this.api.history(this.obligationId()))].reverse());
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected lines(e: ObligationHistoryEntryView): HistoryLine[] {
    return historyLines(e, (key, params) => this.transloco.translate(key, params));
  }
}

/** The fields the catalogue names (`obligationHistory.field.*`): what ReportObligationsService records. */
const NAMED_FIELDS = new Set(['name', 'sourceDocumentId', 'legalBasis', 'periodicity', 'cutOffDay', 'due', 'createWorkingDaysBefore', 'receivingUnitCode', 'reportingUnitKind', 'fields', 'startsOn', 'endsOn', 'template']);

/** The changes of an entry in words (`t` is Transloco's translate); unknown fields keep their API name. */
export function historyLines(e: ObligationHistoryEntryView, t: (key: string, params?: Record<string, unknown>) => string): HistoryLine[] {
  return e.changes.map((c) => {
    const unit = /^reportingUnits\.(.+)$/.exec(c.field);
    if (unit) return { field: t('obligationHistory.reportingUnit', { code: unit[1] }), from: membership(c.from, t), to: membership(c.to, t) };
    // An ad hoc report requested (ReportObligationsService.request): its data window from the key, its label as the value.
    const request = /^requests\.(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(c.field);
    if (request) return { field: t('obligationHistory.request', { from: formatLocalDate(request[1]), to: formatLocalDate(request[2]) }), from: value(c.from, t), to: value(c.to, t) };
    const field = NAMED_FIELDS.has(c.field) ? t(`obligationHistory.field.${c.field}`) : c.field;
    return { field, from: value(c.from, t), to: value(c.to, t) };
  });
}

function membership(v: unknown, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (!v || typeof v !== 'object') return t('obligationHistory.notListed');
  const m = v as { fromDate?: string | null; toDate?: string | null };
  const from = m.fromDate ? formatLocalDate(m.fromDate) : '…';
  return m.toDate ? t('obligationHistory.listedFromTo', { from, to: formatLocalDate(m.toDate) }) : t('obligationHistory.listedFrom', { from });
}

function value(v: unknown, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return isLocalDate(v) ? formatLocalDate(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => value(x, t)).join(', ') : '—';
  const o = v as Record<string, unknown>;
  // A template file, a due rule, a field of the figures: their telling part.
  if (typeof o['name'] === 'string' && 'size' in o) return o['name'];
  if (typeof o['label'] === 'string') return o['label'];
  if (typeof o['kind'] === 'string') {
    const kind = t(`obligations.dueKind.${o['kind']}`);
    const n = o['days'] ?? o['day'];
    return n === undefined ? kind : `${kind}: ${n}`;
  }
  return JSON.stringify(v);
}
