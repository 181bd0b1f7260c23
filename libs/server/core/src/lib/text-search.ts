import type { SqlParams } from './sql-params';

/**
 * THE search rule, for every list with a search box (tasks, users, units, source documents): every word typed is
 * found somewhere in the searched fields, in any order and with other words between (`pham lan` finds "Phạm Thị
 * Lan", `xay dung duong truc` finds "Xây dựng hệ thống Đường trục"), with tone marks, diacritics and case optional
 * on both sides: `bao cao` finds "Báo cáo", `DUONG` finds "Đường", `Báo cao` finds "bao cáo". Both sides
 * are compared as `search_key(...)` (SQL, migration 1795840000000-TextSearch): unaccented, lower case, white space
 * collapsed. Each expression below is exactly the expression of a GIN trigram index, so that PostgreSQL answers the
 * match from the index.
 */
export const SEARCH_KEY_SQL = {
  /** Code, title, source document number and title: a column kept by triggers (tasks_search_text_idx). */
  task: (t: string) => `${t}.search_text`,
  /** users_search_idx */
  user: (u: string) => `(search_key(${u}.username) || E'\\n' || search_key(${u}.full_name))`,
  /** units_search_idx */
  unit: (u: string) => `(search_key(${u}.code) || E'\\n' || search_key(${u}.name))`,
  /** source_documents_search_idx */
  document: (d: string) => `(search_key(${d}.number) || E'\\n' || search_key(${d}.title))`,
} as const;

/** `%`, `_` and `\` are LIKE's own characters: a typed "50%" means those three characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * The SQL condition "`key` contains every word the user typed" (one LIKE per word, each answerable from the trigram
 * index), with the words added to `p`; `null` when the query holds nothing but white space (no condition: the whole
 * list).
 *
 * @param key one of `SEARCH_KEY_SQL`'s expressions
 * @param q the query as received (already NFC, by the input text rule)
 * @param p where the query's parameter goes: a `SqlParams`, or any `add(value)` returning its placeholder
 */
export function searchMatchSql(key: string, q: string | undefined, p: Pick<SqlParams, 'add'>): string | null {
  const words = q?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (!words.length) return null;
  return words.map((word) => `${key} LIKE '%' || search_key(${p.add(escapeLike(word))}) || '%'`).join(' AND ');
}
