/**
 * THE rule for what in a comment's body is a mention: `@` followed by a username, where a username has the users'
 * format (3–64 of the letters a–z, A–Z, digits, ".", "_", "-": libs/server/users dto/user.dto.ts).
 *
 * - The `@` must not follow a letter, digit or one of ". _ - @": an e-mail address (nam@mic.gov.vn) mentions nobody.
 * - Punctuation that ends a sentence is not part of the name ("cảm ơn @nam.", "@nam-" ): trailing ".", "_", "-"
 *   are offered as a second reading, and the caller keeps the reading that names a user (the full one first).
 * - Case does not matter (usernames are unique by lower()): the readings are lower-case, in the order first seen.
 */
export interface MentionCandidate {
  /** The text after `@`, lower-case, as typed. */
  full: string;
  /** The same without trailing ". _ -" (equal to `full` when there are none); at least 3 characters, or null. */
  trimmed: string | null;
}

const MENTION = /(?<![\p{L}\p{N}._@-])@([A-Za-z0-9._-]{3,64})/gu;

/** The mentions a body could hold, each once (by its full reading), in the order first seen. */
export function mentionCandidates(body: string): MentionCandidate[] {
  const seen = new Set<string>();
  const out: MentionCandidate[] = [];
  for (const m of body.matchAll(MENTION)) {
    const full = m[1].toLowerCase();
    if (seen.has(full)) continue;
    seen.add(full);
    const stripped = full.replace(/[._-]+$/, '');
    out.push({ full, trimmed: stripped.length >= 3 ? stripped : null });
  }
  return out;
}
