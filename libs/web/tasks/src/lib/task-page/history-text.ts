import type { HistoryEntryView } from '@tiendo/contracts';
import { formatLocalDate, isLocalDate } from '@tiendo/domain';
import { formatDateTime } from '@tiendo/web-i18n';

/** Fields whose values are ids: the timeline says they changed, the task page shows their current value. */
const REFERENCE_FIELDS = new Set(['assigneeId', 'leadUnitId', 'sourceDocumentId', 'commentId']);
/** Fields whose values are codes with a translation (state.open, priority.high). */
const CODED_FIELDS: Record<string, string> = { state: 'taskState', priority: 'priority', isKeyTask: 'yesNo' };
/** Entries whose changes are the task's first values: the facts card shows them, the timeline need not. */
const FIRST_VALUES = new Set(['created', 'imported']);

export interface ChangeLine {
  field: string;
  from: string | null;
  to: string | null;
  /** Translation key prefix for coded values, or null when the value reads as it is. */
  coded: string | null;
}

/** The changes of one history entry as text a person reads: days as dd/MM/yyyy, instants in Vietnam's time. */
export function changeLines(entry: HistoryEntryView): ChangeLine[] {
  if (FIRST_VALUES.has(entry.action)) return [];
  return entry.changes
    .filter((c) => c.field !== 'description')
    .map((c) => ({
      field: c.field,
      from: REFERENCE_FIELDS.has(c.field) ? null : readable(c.from),
      to: REFERENCE_FIELDS.has(c.field) ? null : readable(c.to),
      coded: CODED_FIELDS[c.field] ?? null,
    }));
}

function readable(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.map((v) => readable(v) ?? '').join(', ');
  // A file in the history ({ id, name, size, sha256 }) reads as its name.
  if (typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name);
  if (typeof value === 'string' && isLocalDate(value)) return formatLocalDate(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  return String(value);
}
