/** The @word being typed at the caret: where its @ stands and what follows it so far; null when the caret is not in one. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_.-]{0,40})$/u.exec(before);
  if (!m) return null;
  const start = caret - m[2].length - 1;
  return { start, query: m[2] };
}

/** The text with the mention at `start..caret` replaced by `@username ` and the caret after it. */
export function insertMention(text: string, start: number, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const rest = text.slice(caret).replace(/^[\p{L}\p{N}_.-]*/u, '');
  return { text: text.slice(0, start) + inserted + rest.replace(/^ /, ''), caret: start + inserted.length };
}

/** The 15 minutes after posting in which the author may still edit a comment (the API's rule, shown before it refuses). */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

export function editableUntil(createdAt: string): number {
  return Date.parse(createdAt) + COMMENT_EDIT_WINDOW_MS;
}
