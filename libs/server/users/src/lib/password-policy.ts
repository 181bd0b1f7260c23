import * as argon2 from 'argon2';

/**
 * ASVS 2.1: at least 8 characters, long passphrases allowed, no composition rules, common passwords refused.
 * argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): strong, and a sign-in stays well under 100 ms here.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// The most used passwords of public breach lists, and the obvious local ones.
const COMMON = new Set(
  `123456 123456789 12345678 password qwerty123 qwerty 1234567890 1234567 111111 123123 abc123 password1 iloveyou
  000000 1q2w3e4r 1qaz2wsx qwertyuiop 654321 555555 666666 777777 888888 999999 121212 112233 987654321 11111111
  00000000 12341234 123qwe 123abc admin123 admin@123 administrator welcome welcome1 letmein monkey dragon
  sunshine princess football baseball superman trustno1 passw0rd p@ssw0rd p@ssword changeme secret matkhau
  matkhau123 vietnam vietnam123 anhyeuem 123456a a123456 12345678a tiendo tiendo123 bothongtin btttt123 mic123456`
    .split(/\s+/)
    .filter(Boolean),
);

/** A reason the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (COMMON.has(password.toLowerCase())) return 'is too common; choose another';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
