import type { CryptoPlugin, HashAlgorithm } from '@otplib/core';
import { generate, verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * TOTP (RFC 6238) through otplib 13's own packages (@otplib/totp, @otplib/uri), given Node's crypto as its crypto
 * plugin. The `otplib` entry point loads its default plugins (@noble/hashes, @scure/base), which are ECMAScript
 * modules only: Jest's CommonJS runtime cannot load them, and node:crypto does the same work natively. Secrets are
 * handed to otplib as bytes, decoded here from base32, so no base32 plugin is needed either.
 * Parameters are what every authenticator app reads: SHA-1, 6 digits, 30-second steps.
 */
const nodeCrypto: CryptoPlugin = {
  name: 'node',
  algorithms: ['sha1', 'sha256', 'sha512'] as readonly HashAlgorithm[],
  hmac: (algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length: number) => new Uint8Array(randomBytes(length)),
  constantTimeEqual: (a: string | Uint8Array, b: string | Uint8Array) => {
    const left = typeof a === 'string' ? Buffer.from(a) : Buffer.from(a);
    const right = typeof b === 'string' ? Buffer.from(b) : Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  },
} as CryptoPlugin;

/** RFC 4648 base32 alphabet (what otpauth:// URIs and authenticator apps use). */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Seconds per step (RFC 6238's X). */
export const TOTP_STEP_SECONDS = 30;

/** RFC 4648 base32 of `bytes`, without padding. */
export function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** The bytes of a base32 text (case, spaces and padding ignored); throws on a character outside the alphabet. */
export function fromBase32(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('base32: unexpected character');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), as base32 (32 characters). */
export function newTotpSecret(): string {
  return toBase32(randomBytes(20));
}

/** The otpauth:// URI an authenticator app reads (from a QR code) for `secret`, shown as `issuer: label`. */
export function totpUri(issuer: string, label: string, secret: string): string {
  return generateTOTP({ issuer, label, secret });
}

/** The code of `secret` at `epochSeconds` (tests; the server only verifies). */
export function totpCode(secret: string, epochSeconds: number): Promise<string> {
  return generate({ secret: fromBase32(secret), epoch: epochSeconds, crypto: nodeCrypto });
}

/**
 * The step `code` belongs to if it is the code of `secret` at `epochSeconds` or one step before or after, and that
 * step is later than `afterStep` (a code is accepted once); else null.
 */
export async function totpStepOf(secret: string, code: string, epochSeconds: number, afterStep: number | null): Promise<number | null> {
  const result = await verify({
    secret: fromBase32(secret),
    token: code,
    epoch: epochSeconds,
    epochTolerance: TOTP_STEP_SECONDS,
    crypto: nodeCrypto,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  }).catch(() => ({ valid: false as const }));
  // The TOTP result carries the matched step; the union type of verify also covers HOTP's, which has none.
  return result.valid ? (result as { timeStep: number }).timeStep : null;
}
