import { errorMessage, fieldError, refuse, runOnPool, validationFailed } from '@tiendo/server-core';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { StrengthTask } from './password-strength.worker';
import { MINISTRY_WORDS, VIETNAMESE_FAMILY_NAMES, VIETNAMESE_GIVEN_NAMES, VIETNAMESE_HABIT_SYLLABLES } from './vietnamese-passwords';

/**
 * THE password rule, for every path that sets a password (an admin creating or resetting a user, a user changing
 * theirs, the first admin from ADMIN_PASSWORD). OWASP ASVS 4.0.3 2.1 and NIST SP 800-63B 5.1.1.2: 8 to 128
 * characters (any Unicode, spaces included), no composition rules, and refused when
 * - it contains the username or the full name, compared without tone marks, case or separators
 *   (PASSWORD_CONTAINS_NAME: "Nguyen-Van-An-1990" for Nguyễn Văn An);
 * - it is anyone's name or a unit's name with at most 10 digits and 4 symbols before or after it, in any case, with or
 *   without separators, tone marks or l33t (PASSWORD_TOO_COMMON: "Nguyenvana1990", "NguyenVanA@1990",
 *   "Tranthib1990", "Tôn Nữ Thị Hà 1992", "Vubuuchinh@2026", "Btttt@2026"): at most six words, each a Vietnamese
 *   family, middle or given name, a word of the ministry (its kinds of unit, fields and codes) or of the user's own
 *   unit, plus at most three initials before or after them when a family name or such a word is among them or
 *   the name is one word ("Hungnv1990", "nvhung@1990", "Quyet.tv1990": a name with the initials of the others);
 * - its letters are at most three syllables of the Vietnamese password habits (vietnamese-passwords.ts
 *   VIETNAMESE_PHRASES: love, flattery, family, pets, wishes, youth, travel, football, places, chat phrases), with the
 *   same digits and symbols around them, separators, case, tone marks and l33t aside (PASSWORD_TOO_COMMON:
 *   "anhdeptrai", "deptrai123", "conmeo123", "Hoilamgi@1", "Mẹ yêu con 1"). zxcvbn finds each syllable but adds
 *   10^4 guesses for every piece past the first, so any three pieces pass its score 3; longer habit phrases are in
 *   its dictionary whole ("chucmungnammoi");
 * - zxcvbn-ts scores it below PASSWORD_MIN_SCORE (PASSWORD_TOO_COMMON): it guesses from the breached-password list
 *   and diceware words of @zxcvbn-ts/language-common, the English words, names and Wikipedia terms of
 *   @zxcvbn-ts/language-en (together about 236,000 entries), the Vietnamese habits of vietnamese-passwords.ts
 *   (matkhau…, 123456a@, family and given names, which with a year are guessed at once), keyboard walks, repeats,
 *   sequences, dates and years, and the user's own username and name parts. Checked with and without tone marks.
 *
 * argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane), at most PASSWORD_HASH_CONCURRENCY at once.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/**
 * zxcvbn's score 3: at least 10^8 guesses ("safely unguessable: moderate protection from an offline slow-hash
 * attack"); 0-2 are found by a throttled online attacker or the first hours of an offline one.
 */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordRule = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON' | 'PASSWORD_CONTAINS_NAME';

export interface PasswordProblem {
  rule: PasswordRule;
  /** Vietnamese (libs/server/core/src/lib/error-messages.ts); the web app shows its catalogue's words for `rule`. */
  message: string;
}

/** Whose password it is: the names a password must not contain and zxcvbn guesses first. */
export interface PasswordOwner {
  username?: string;
  fullName?: string;
  /** The name of the user's unit ("Vụ Bưu chính"): a password must not be it with a number either. */
  unitName?: string;
  /** The unit's code ("VBC"). */
  unitCode?: string;
}

const LIMITS = { min: PASSWORD_MIN, max: PASSWORD_MAX };
const problem = (rule: PasswordRule): PasswordProblem => ({ rule, message: errorMessage(rule, LIMITS) });

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Lower case, tone marks and đ folded away: "Nguyễn Đức" → "nguyen duc". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Letters and digits only, folded: what "contains the name" compares. */
const compact = (text: string) => foldVietnamese(text).replace(/[^\p{L}\p{N}]/gu, '');

/**
 * zxcvbn runs in one worker thread (piscina), never on the event loop: a check costs 20-250 ms of CPU. At most
 * STRENGTH_QUEUE checks wait; past that a password change answers 503 SERVER_BUSY.
 */
const STRENGTH_QUEUE = 20;
let strengthPool: Piscina | undefined;

function strength(task: StrengthTask): Promise<number> {
  strengthPool ??= new Piscina({
    // From TypeScript sources (tests) a shim registers ts-node in the thread; the built API has the bundled worker.
    filename: __filename.endsWith('.ts') ? join(__dirname, 'password-strength.worker.from-source.js') : join(__dirname, 'password-strength-worker.js'),
    minThreads: 0,
    maxThreads: 1,
    // The estimator takes about a second to build: keep the thread a while after a burst of password changes.
    idleTimeout: 10 * 60_000,
    maxQueue: STRENGTH_QUEUE,
  });
  return runOnPool<number>(strengthPool, task).catch((err: unknown) => {
    if (err instanceof Error && /queue is at limit/i.test(err.message)) throw refuse('SERVER_BUSY', { headers: { 'Retry-After': '2' } });
    throw err;
  });
}

/** Ends the password-strength thread (at shutdown, and after tests). */
export async function closePasswordChecks(): Promise<void> {
  const pool = strengthPool;
  strengthPool = undefined;
  await pool?.destroy();
}

/** The owner's words zxcvbn should guess first: the username, the name, the unit's name and code, and their parts, folded. */
function ownerWords(owner: PasswordOwner): string[] {
  const words = new Set<string>();
  for (const text of [owner.username, owner.fullName, owner.unitName, owner.unitCode]) {
    if (!text) continue;
    const folded = foldVietnamese(text);
    words.add(compact(text));
    for (const part of folded.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 2) words.add(part);
  }
  words.delete('');
  return [...words];
}

/** The full name in written order and given name first ("Nguyễn Văn An" → nguyenvanan, annguyenvan). */
function nameForms(fullName: string): string[] {
  const parts = foldVietnamese(fullName)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (parts.length === 0) return [];
  const forms = [parts.join('')];
  if (parts.length > 1) forms.push([parts[parts.length - 1], ...parts.slice(0, -1)].join(''));
  return forms;
}

const NAME_WORDS = new Set([...VIETNAMESE_FAMILY_NAMES, ...VIETNAMESE_GIVEN_NAMES]);
/** Words that make a run of letters a person's or a unit's name, so that a lone letter beside them is an initial. */
const ANCHOR_WORDS = new Set([...VIETNAMESE_FAMILY_NAMES, ...MINISTRY_WORDS]);
const LONGEST_WORD = Math.max(...[...NAME_WORDS, ...ANCHOR_WORDS].map((word) => word.length));

/** At most this many words (names, ministry words, initials) make a name: "Nguyễn Thị Minh Khai" is four. */
const NAME_MAX_WORDS = 6;
/**
 * At most this many lone letters beside the words: "Nguyễn Văn A", "Trần Thị B", and the e-mail-style handle of a
 * given or family name with the initials of the other names ("Hungnv", "nvhung", "Lanptt"). Beside given names
 * alone they used to pass, and that handle with a year is the commonest Vietnamese password after the full name.
 */
const NAME_MAX_INITIALS = 3;
/** Around the name: at most 10 digits (a year, a date ddmmyyyy, a 10-digit phone number) and 4 other symbols. */
const AFFIX_MAX_DIGITS = 10;
const AFFIX_MAX_SYMBOLS = 4;

/** The owner's unit, folded: its name's words, the name as one word, and the code and its parts (extra anchors). */
function unitWords(owner: PasswordOwner): Set<string> {
  const words = new Set<string>();
  for (const text of [owner.unitName, owner.unitCode]) {
    if (!text) continue;
    const parts = foldVietnamese(text).split(/[^\p{L}]+/u).filter((part) => part.length >= 2);
    parts.forEach((part) => words.add(part));
    if (parts.length > 1) words.add(parts.join(''));
  }
  return words;
}

/**
 * Whether `letters` (folded, letters only) is made of at most NAME_MAX_WORDS Vietnamese name syllables, words of the
 * ministry or of the owner's unit, with at most NAME_MAX_INITIALS lone letters (initials), those only before or after
 * the words: initials need a family name or a ministry or unit word among the words, or a single word
 * ("Hungnv", "nvhung": a given name with initials). A search over the ways to cut the letters into words,
 * remembering the dead ends.
 */
function spellsName(letters: string, unit: Set<string>): boolean {
  if (letters.length > NAME_MAX_WORDS * Math.max(LONGEST_WORD, ...[...unit].map((word) => word.length))) return false;
  const failed = new Set<string>();
  // stage: 0 while leading initials may come ("A. Nguyễn"), 1 after the first word, 2 once trailing initials began.
  const search = (at: number, words: number, initials: number, stage: 0 | 1 | 2, anchored: boolean): boolean => {
    if (at === letters.length) return stage > 0 && (initials === 0 || anchored || words - initials === 1);
    if (words === NAME_MAX_WORDS) return false;
    const key = `${at}:${words}:${initials}:${stage}:${anchored}`;
    if (failed.has(key)) return false;
    for (let end = at + 1; end <= letters.length; end++) {
      const word = letters.slice(at, end);
      const anchor = ANCHOR_WORDS.has(word) || unit.has(word);
      if (stage < 2 && (anchor || NAME_WORDS.has(word)) && search(end, words + 1, initials, 1, anchored || anchor)) return true;
      if (end === at + 1 && initials < NAME_MAX_INITIALS && search(end, words + 1, initials + 1, stage === 0 ? 0 : 2, anchored)) return true;
    }
    failed.add(key);
    return false;
  };
  return search(0, 0, 0, 0, false);
}

/**
 * The Vietnamese habit of a name with a year, a date or a few digits and symbols before or after it, in any case, with
 * or without separators and tone marks: a person's name ("Nguyenvana1990", "NguyenVanA@1990", "Tranthib1990",
 * "Tran Thu Ha 1985", "1990NguyenVanA") or a unit's ("Vubuuchinh@2026", "Btttt@2026", the owner's own unit). zxcvbn
 * rates these too high: Vietnamese names are short words it leaves to brute force, and lone initials break its words.
 */
function nameWithNumber(password: string, owner: PasswordOwner): boolean {
  const unit = unitWords(owner);
  return lettersWithAffixes(password).some((letters) => spellsName(letters, unit));
}

/**
 * The letters of a password that is words with at most AFFIX_MAX_DIGITS digits and AFFIX_MAX_SYMBOLS symbols before
 * or after them and only separators (spaces, dots, dashes…) between them, folded; as written and read as l33t
 * ("Nguy3nV@nA" is nguyenvana; a 1 is an i or an l). Empty when the password is not of that shape.
 */
function lettersWithAffixes(password: string): string[] {
  const folded = foldVietnamese(password);
  // The words in the middle, the affixes (digits and symbols) before and after them.
  const [, before, middle, after] = /^([^\p{L}]*)([\s\S]*?)([^\p{L}]*)$/u.exec(folded) ?? [];
  if (!middle) return [];
  const affixes = (before + after).replace(/\s+/g, '');
  const digits = affixes.replace(/\P{N}/gu, '').length;
  if (digits > AFFIX_MAX_DIGITS || [...affixes].length - digits > AFFIX_MAX_SYMBOLS) return [];
  return [middle, unl33t(middle, 'i'), unl33t(middle, 'l')].flatMap((words) => {
    // Between the words only separators, no digits.
    const separators: string[] = words.match(/[^\p{L}]+/gu) ?? [];
    if (separators.some((run) => /\p{N}/u.test(run) || run.trim().length > 2)) return [];
    return [words.replace(/[^\p{L}]+/gu, '')];
  });
}

const HABIT_SYLLABLES = new Set(VIETNAMESE_HABIT_SYLLABLES);
const LONGEST_HABIT = Math.max(...VIETNAMESE_HABIT_SYLLABLES.map((syllable) => syllable.length));
/** At most this many habit syllables make a guessable password: "anh đẹp trai", "hỏi làm gì", "mẹ yêu con". */
const HABIT_MAX_SYLLABLES = 3;

/** Whether `letters` (folded, letters only) is at most HABIT_MAX_SYLLABLES syllables of the Vietnamese habits. */
function spellsHabit(letters: string): boolean {
  if (letters.length > HABIT_MAX_SYLLABLES * LONGEST_HABIT) return false;
  const fits = (at: number, left: number): boolean => {
    if (at === letters.length) return true;
    if (left === 0) return false;
    for (let end = at + 2; end <= Math.min(letters.length, at + LONGEST_HABIT); end++) {
      if (HABIT_SYLLABLES.has(letters.slice(at, end)) && fits(end, left - 1)) return true;
    }
    return false;
  };
  return fits(0, HABIT_MAX_SYLLABLES);
}

/** The letters l33t writing stands for, within a name: @ and 4 for a, 3 for e, 0 for o, $ and 5 for s, 7 for t. */
function unl33t(text: string, one: 'i' | 'l'): string {
  const letters: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '0': 'o', '1': one, $: 's', '5': 's', '7': 't' };
  return text.replace(/[@430$157]/g, (char) => letters[char]);
}

/** The reason a new password is refused, or null when it is acceptable. Lengths count Unicode characters. */
export async function passwordProblem(password: string, owner: PasswordOwner = {}): Promise<PasswordProblem | null> {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return problem('PASSWORD_TOO_SHORT');
  if (length > PASSWORD_MAX) return problem('PASSWORD_TOO_LONG');

  const flat = compact(password);
  const names = [
    ...(owner.username && compact(owner.username).length >= 3 ? [compact(owner.username)] : []),
    ...(owner.fullName ? nameForms(owner.fullName).filter((form) => form.length >= 4) : []),
  ];
  if (names.some((name) => flat.includes(name))) {
    return problem('PASSWORD_CONTAINS_NAME');
  }

  if (nameWithNumber(password, owner)) return problem('PASSWORD_TOO_COMMON');
  if (lettersWithAffixes(password).some(spellsHabit)) return problem('PASSWORD_TOO_COMMON');
  // zxcvbn splits on separators and guesses short words poorly: also score the folded text and its letters and
  // digits alone ("Mật khẩu 2024" → "matkhau2024").
  const inputs = ownerWords(owner);
  const forms = [...new Set([password, foldVietnamese(password), flat])].filter(Boolean);
  const score = await strength({ forms, inputs });
  if (score < PASSWORD_MIN_SCORE) {
    return problem('PASSWORD_TOO_COMMON');
  }
  return null;
}

/** Throws 400 VALIDATION_FAILED naming `field` and the broken rule when the password is refused. */
export async function requireAcceptablePassword(password: string, owner: PasswordOwner, field: string): Promise<void> {
  const found = await passwordProblem(password, owner);
  if (found) throw validationFailed([fieldError(field, found.rule, LIMITS)]);
}

/**
 * At most `limit` argon2 computations at once, and at most `queue` waiting: argon2 runs on libuv's thread pool (4
 * threads) and takes a core for tens of milliseconds, so a flood of sign-ins would otherwise take every core and
 * thread from signed-in users' requests.
 */
class HashSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly limit: number,
    private readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) {
        throw refuse('SERVER_BUSY', { headers: { 'Retry-After': '2' } });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line; otherwise it is freed.
      if (next) next();
      else this.running--;
    }
  }
}

const HASH_QUEUE_PER_SLOT = 100;
let slots = new HashSlots(1, HASH_QUEUE_PER_SLOT);

/** Sets how many password hashes run at once (AppConfig.PASSWORD_HASH_CONCURRENCY); called once at start. */
export function setPasswordHashConcurrency(limit: number): void {
  if (limit !== slots.limit) slots = new HashSlots(limit, limit * HASH_QUEUE_PER_SLOT);
}

export function hashPassword(password: string): Promise<string> {
  return slots.run(() => argon2.hash(password, HASH_OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return slots.run(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random secret with the same options as users' hashes: sign-in verifies against it when the username
 * is unknown, so an unknown username costs exactly what a known one costs.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}
