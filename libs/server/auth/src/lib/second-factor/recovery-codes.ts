import { randomBytes } from 'node:crypto';

/** Recovery codes issued per enrolment (and per regeneration). */
export const RECOVERY_CODE_COUNT = 10;

/** 32 letters and digits without i, l, o, u (read aloud or copied by hand without confusion): 5 bits each. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A new recovery code, `xxxxx-xxxxx`: 10 random characters, 50 bits. */
export function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** A typed recovery code as stored: spaces and hyphens dropped, lower case. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toLowerCase();
}

/** Whether what was typed has the shape of a recovery code (rather than a 6-digit code from the authenticator). */
export function looksLikeRecoveryCode(typed: string): boolean {
  return new RegExp(`^[${ALPHABET}]{10}$`).test(normaliseRecoveryCode(typed));
}
