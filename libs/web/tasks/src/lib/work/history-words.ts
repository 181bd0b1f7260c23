import type { HistoryEntryView, TimelineEntryView } from '@tiendo/contracts';
import { ChangeLine, changeLines } from '../task-page/history-text';

/** A value that is an id (a UUID): never shown to a person, who cannot read it. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a history entry of the timeline reads: one sentence (a translation key and its values), the note, the changes. */
export interface HistoryWords {
  /** Translation key: `timeline.said.<action>` for comments and files, `history.<action>` otherwise. */
  key: string;
  params: Record<string, string>;
  /** The entry's note when a person may read it (never an id, never a comment's text). */
  note: string | null;
  lines: ChangeLine[];
}

/**
 * A history entry in words. Entries about a comment say what was done to it ("đã sửa bình luận", "đã xoá bình luận")
 * and nothing of its text: the previous text of an edited or deleted comment is never printed (the thread shows the
 * comment itself, or "đã bị xoá"), whatever the entry's `changes` hold. Entries about a file name it ("đã tải lên tệp
 * X"). No entry shows an id: a note or a value that is a UUID is left out.
 */
export function historyWords(h: NonNullable<TimelineEntryView['history']>, entry: Pick<TimelineEntryView, 'id' | 'at' | 'actor'>): HistoryWords {
  if (h.action.startsWith('comment_')) return { key: `timeline.said.${h.action}`, params: {}, note: null, lines: [] };
  if (h.action.startsWith('attachment_')) {
    return { key: `timeline.said.${h.action}`, params: { name: fileName(h) }, note: null, lines: [] };
  }
  const lines = changeLines({ id: entry.id, at: entry.at, actor: entry.actor, action: h.action, changes: h.changes, note: h.note } as HistoryEntryView)
    .filter((c) => c.field !== 'body' && c.field !== 'commentId')
    .map((c) => ({ ...c, from: c.from !== null && ID.test(c.from) ? null : c.from, to: c.to !== null && ID.test(c.to) ? null : c.to }));
  const note = h.note && !ID.test(h.note.trim()) ? h.note : null;
  return { key: `history.${h.action}`, params: {}, note, lines };
}

/** The file's name: the entry's note, or the name in its changes ({ id, name, … }); never its id. */
function fileName(h: NonNullable<TimelineEntryView['history']>): string {
  if (h.note && !ID.test(h.note.trim())) return h.note;
  for (const c of h.changes) {
    for (const v of [c.to, c.from]) {
      if (v && typeof v === 'object' && 'name' in v && typeof (v as { name: unknown }).name === 'string') return (v as { name: string }).name;
    }
  }
  return '';
}
