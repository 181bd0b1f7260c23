import { secondFactorNeed } from './second-factor-policy';
import { looksLikeRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from './recovery-codes';
import { TotpKeys } from './totp-keys';

describe('who is asked for a second factor', () => {
  const required = ['admin', 'leader'] as const;

  it('an enrolled user: the code, whatever the role', () => {
    expect(secondFactorNeed({ role: 'staff', enrolled: true }, required)).toBe('code');
    expect(secondFactorNeed({ role: 'leader', enrolled: true }, required)).toBe('code');
  });

  it('a required role without one enrols; other roles go on with the password alone', () => {
    expect(secondFactorNeed({ role: 'admin', enrolled: false }, required)).toBe('enrol');
    expect(secondFactorNeed({ role: 'unit_head', enrolled: false }, required)).toBe('none');
    expect(secondFactorNeed({ role: 'admin', enrolled: false }, [])).toBe('none');
  });

  it('a provider that asked for a second factor (amr mfa, otp or hwk) is believed; a password-only amr is not', () => {
    for (const amr of ['mfa', 'otp', 'hwk']) {
      expect(secondFactorNeed({ role: 'leader', enrolled: true }, required, { providerAmr: ['pwd', amr] })).toBe('none');
      expect(secondFactorNeed({ role: 'leader', enrolled: false }, required, { providerAmr: [amr] })).toBe('none');
    }
    expect(secondFactorNeed({ role: 'leader', enrolled: false }, required, { providerAmr: ['pwd'] })).toBe('enrol');
  });
});

describe('recovery codes and the secret box', () => {
  it('recovery codes are 10 characters of 32 in two groups, read back whatever the case and spacing', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    expect(looksLikeRecoveryCode(` ${code.toUpperCase().replace('-', ' ')} `)).toBe(true);
    expect(normaliseRecoveryCode('ABCDE-12345')).toBe('abcde12345');
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });

  it('a sealed secret opens for its user only, and only with its key', () => {
    const keys = TotpKeys.fromConfig({ JWT_SECRET: 'x'.repeat(48) });
    const sealed = keys.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'user-a');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(keys.open(sealed, 'user-a')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(() => keys.open(sealed, 'user-b')).toThrow();
    expect(() => TotpKeys.fromConfig({ JWT_SECRET: 'y'.repeat(48) }).open(sealed, 'user-a')).toThrow();
    // TOTP_ENCRYPTION_KEY, when set, is the key instead of JWT_SECRET.
    const own = TotpKeys.fromConfig({ JWT_SECRET: 'x'.repeat(48), TOTP_ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(() => own.open(sealed, 'user-a')).toThrow();
    expect(own.open(own.seal('S', 'user-a'), 'user-a')).toBe('S');
    expect(keys.recoveryCodeHash('user-a', 'abcde12345')).not.toBe(keys.recoveryCodeHash('user-b', 'abcde12345'));
  });
});
