import { fromBase32, toBase32, totpCode, totpStepOf } from './totp';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890"; its 8-digit codes' last 6 digits are the 6-digit codes.
const RFC_SECRET = toBase32(new TextEncoder().encode('12345678901234567890'));
const RFC_VECTORS: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP (RFC 6238) on node:crypto', () => {
  it('base32 follows RFC 4648', () => {
    expect(toBase32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    expect(new TextDecoder().decode(fromBase32('mzxw6ytboi======'))).toBe('foobar');
    expect(() => fromBase32('M1')).toThrow();
  });

  it.each(RFC_VECTORS)('the code at %i s is %s', async (epoch, code) => {
    expect(await totpCode(RFC_SECRET, epoch)).toBe(code);
  });

  it('accepts the step before and after, answers the step, and refuses a step not after the last one accepted', async () => {
    const now = 1111111111;
    const step = Math.floor(now / 30);
    expect(await totpStepOf(RFC_SECRET, await totpCode(RFC_SECRET, now), now, null)).toBe(step);
    expect(await totpStepOf(RFC_SECRET, await totpCode(RFC_SECRET, now - 30), now, null)).toBe(step - 1);
    expect(await totpStepOf(RFC_SECRET, await totpCode(RFC_SECRET, now + 30), now, null)).toBe(step + 1);
    expect(await totpStepOf(RFC_SECRET, await totpCode(RFC_SECRET, now + 60), now, null)).toBeNull();
    expect(await totpStepOf(RFC_SECRET, await totpCode(RFC_SECRET, now), now, step)).toBeNull();
    expect(await totpStepOf(RFC_SECRET, await totpCode(RFC_SECRET, now + 30), now, step)).toBe(step + 1);
    expect(await totpStepOf(RFC_SECRET, 'abcdef', now, null)).toBeNull();
  });
});
