import { createHmac } from 'node:crypto';

/**
 * An authenticator app, written from RFC 6238 / RFC 4226 apart from the product's otplib: the 6-digit TOTP code
 * (HMAC-SHA1, 30-second steps) of a base32 `secret` at `epochSeconds`. Tests read their clock for the moment.
 */
export function authenticatorCode(secret: string, epochSeconds: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochSeconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
