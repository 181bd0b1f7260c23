import type { EnrolmentSignIn, SecondFactorChallenge, SecondFactorEnrolment } from '@tiendo/contracts';
import { AuthService, SecondFactorService } from '@tiendo/server-auth';
import { authenticatorCode, TEST_PASSWORD } from '@tiendo/server-testing';
import { createHmac, randomBytes } from 'node:crypto';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * The second factor (README "Second factor"): TOTP with recovery codes, required for admins and leaders
 * (MFA_REQUIRED_ROLES), optional for others; every code goes through the sign-in counters of "Hardening".
 * The test process is the trusted proxy, so each test signs in from a client address of its own.
 */
describe('second factor', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      MFA_REQUIRED_ROLES: 'admin,leader',
      TRUSTED_PROXIES: 'loopback',
      LOGIN_MAX_FAILURES_PER_HOUR: '5',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
      LOGIN_ACCOUNT_SLOWDOWN_AFTER: '20',
    });
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VBC', 'BO');
    for (const name of ['lanhdao.a', 'lanhdao.b', 'lanhdao.c', 'lanhdao.d', 'lanhdao.e', 'lanhdao.f', 'lanhdao.g', 'lanhdao.h', 'lanhdao.i']) await api.fixtures.user(name, 'leader', 'BO');
    await api.fixtures.user('quantri', 'admin', 'BO');
    await api.fixtures.user('chuyenvien', 'staff', 'VBC');
    await api.fixtures.user('chuyenvien.b', 'staff', 'VBC');
    await api.fixtures.user('chuyenvien.c', 'staff', 'VBC');
  });
  afterAll(() => api.close());

  /** The authenticator app: the code of the test clock's now (or `offsetSteps` steps away). */
  const codeOf = async (secret: string, offsetSteps = 0) => authenticatorCode(secret, Math.floor(api.clock.now().getTime() / 1000) + offsetSteps * 30);
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const login = (username: string, address: string, password = TEST_PASSWORD) =>
    api.http.post('/api/auth/login').set(from(address)).send({ username, password });
  const challengeOf = async (username: string, address: string): Promise<SecondFactorChallenge> => {
    const res = await login(username, address);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secondFactor: expect.stringMatching(/^(code|enrol)$/), challenge: expect.any(String), expiresIn: 300 });
    return res.body;
  };
  const secondStep = (challenge: string, code: string, address: string) =>
    api.http.post('/api/auth/sign-in/second-factor').set(from(address)).send({ challenge, code });
  const events = (event: string, userId: string) =>
    api.db.query(`SELECT detail, ip FROM security_events WHERE event = $1 AND (actor_id::text = $2 OR detail->>'userId' = $2) ORDER BY id`, [event, userId]);
  /** Moves the clock to the start of the next 30-second step, so that a new code is due. */
  const nextStep = () => api.clock.advance(30_000 - (api.clock.now().getTime() % 30_000));

  /** A required role's whole first sign-in: the enrolment challenge, the secret, the confirmation. */
  const enrolAtSignIn = async (username: string, address: string): Promise<{ secret: string } & EnrolmentSignIn> => {
    const { challenge, secondFactor } = await challengeOf(username, address);
    expect(secondFactor).toBe('enrol');
    const started = await api.http.post('/api/auth/sign-in/enrolment').send({ challenge });
    expect(started.status).toBe(200);
    const { secret } = started.body as SecondFactorEnrolment;
    const confirmed = await api.http.post('/api/auth/sign-in/enrolment/confirm').set(from(address)).send({ challenge, code: await codeOf(secret) });
    expect(confirmed.status).toBe(200);
    nextStep();
    return { secret, ...confirmed.body };
  };

  it('a leader is made to enrol at sign-in: the challenge opens nothing else; a code confirms; ten recovery codes and a session follow', async () => {
    const id = api.fixtures.userId('lanhdao.a');
    const { challenge, secondFactor } = await challengeOf('lanhdao.a', '198.51.100.1');
    expect(secondFactor).toBe('enrol');
    // Not a session: refused as a bearer token and by the code step.
    expect((await api.http.get('/api/auth/me').set(bearer(challenge))).status).toBe(401);
    expect((await secondStep(challenge, '123456', '198.51.100.1')).body.code).toBe('SECOND_FACTOR_CHALLENGE_INVALID');

    const started = await api.http.post('/api/auth/sign-in/enrolment').send({ challenge });
    expect(started.status).toBe(200);
    const { secret, otpauthUri } = started.body as SecondFactorEnrolment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(`otpauth://totp/Ti%E1%BA%BFn%20%C4%90%E1%BB%99:lanhdao.a?secret=${secret}&issuer=Ti%E1%BA%BFn%20%C4%90%E1%BB%99`);
    // Stored encrypted: neither the secret nor its bytes appear in the row.
    const [row] = await api.db.query(`SELECT secret, enrolled_at FROM second_factors WHERE user_id = $1`, [id]);
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(secret);
    expect(row.enrolled_at).toBeNull();

    const wrong = await api.http.post('/api/auth/sign-in/enrolment/confirm').set(from('198.51.100.1')).send({ challenge, code: await codeOf(secret, 5) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'code', rule: 'SECOND_FACTOR_CODE_WRONG', message: 'Mã xác thực không đúng hoặc đã được dùng' }]);

    const confirmed = await api.http.post('/api/auth/sign-in/enrolment/confirm').set(from('198.51.100.1')).send({ challenge, code: await codeOf(secret) });
    expect(confirmed.status).toBe(200);
    const body = confirmed.body as EnrolmentSignIn;
    expect(body.recoveryCodes).toHaveLength(10);
    expect(new Set(body.recoveryCodes).size).toBe(10);
    for (const code of body.recoveryCodes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    expect((await api.http.get('/api/auth/me').set(bearer(body.session.accessToken))).body.username).toBe('lanhdao.a');
    // Only hashes are kept.
    const stored: Array<{ code_hash: string }> = await api.db.query(`SELECT code_hash FROM recovery_codes WHERE user_id = $1`, [id]);
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash).join()).not.toContain(body.recoveryCodes[0].replace('-', ''));
    expect(await events('second_factor_enrolled', id)).toHaveLength(1);
    expect(await events('second_factor_failed', id)).toHaveLength(1);

    // Enrolled: the enrolment challenge no longer opens anything, nor can the enrolment be started again.
    expect((await api.http.post('/api/auth/sign-in/enrolment').send({ challenge })).body.code).toBe('SECOND_FACTOR_CHALLENGE_INVALID');
    const again = await api.http.post('/api/auth/second-factor/enrolment').set(bearer(body.session.accessToken));
    expect([again.status, again.body.code]).toEqual([422, 'SECOND_FACTOR_ALREADY_ENROLLED']);
  });

  it('an enrolled user signs in with a code; the same code is refused in its step; the next step’s code signs in', async () => {
    const id = api.fixtures.userId('lanhdao.b');
    const { secret } = await enrolAtSignIn('lanhdao.b', '198.51.100.2');
    const { challenge, secondFactor } = await challengeOf('lanhdao.b', '198.51.100.2');
    expect(secondFactor).toBe('code');
    const code = await codeOf(secret);
    const signedIn = await secondStep(challenge, code, '198.51.100.2');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect((await api.http.get('/api/auth/me').set(bearer(signedIn.body.accessToken))).status).toBe(200);

    // The same code, seconds later, through a new challenge: refused (a replay).
    api.clock.advance(5_000);
    const replay = await secondStep((await challengeOf('lanhdao.b', '198.51.100.2')).challenge, code, '198.51.100.2');
    expect([replay.status, replay.body.errors?.[0]?.rule]).toEqual([400, 'SECOND_FACTOR_CODE_WRONG']);
    // The previous step's code is older still: refused too. The next step's code is accepted.
    expect((await secondStep((await challengeOf('lanhdao.b', '198.51.100.2')).challenge, await codeOf(secret, -1), '198.51.100.2')).status).toBe(400);
    nextStep();
    expect((await secondStep((await challengeOf('lanhdao.b', '198.51.100.2')).challenge, await codeOf(secret), '198.51.100.2')).status).toBe(200);

    const passed = await events('second_factor_passed', id);
    expect(passed.map((e: { detail: { method: string } }) => e.detail.method)).toEqual(['totp', 'totp']);
    const logins = await events('login', id);
    expect(logins.at(-1).detail).toEqual({ secondFactor: 'totp' });
    expect(logins.at(-1).ip).toBe('198.51.100.2');
  });

  it('a code one step early or late (a phone’s clock off by 30 s) is accepted; two steps away is not', async () => {
    const { secret } = await enrolAtSignIn('lanhdao.g', '198.51.100.7');
    expect((await secondStep((await challengeOf('lanhdao.g', '198.51.100.7')).challenge, await codeOf(secret, 2), '198.51.100.7')).status).toBe(400);
    expect((await secondStep((await challengeOf('lanhdao.g', '198.51.100.7')).challenge, await codeOf(secret, 1), '198.51.100.7')).status).toBe(200);
  });

  it('wrong codes are counted like wrong passwords, and a right password does not wipe the count: the address is locked', async () => {
    const id = api.fixtures.userId('lanhdao.c');
    const { secret } = await enrolAtSignIn('lanhdao.c', '198.51.100.3');
    const attacker = '203.0.113.3';
    const wrongCode = async () => {
      const right = await codeOf(secret);
      return right === '000000' ? '111111' : '000000';
    };
    let { challenge } = await challengeOf('lanhdao.c', attacker);
    for (let i = 0; i < 3; i++) expect((await secondStep(challenge, await wrongCode(), attacker)).status).toBe(400);
    // The password again (right): a new challenge, the three failures still counted.
    ({ challenge } = await challengeOf('lanhdao.c', attacker));
    for (let i = 0; i < 2; i++) expect((await secondStep(challenge, await wrongCode(), attacker)).status).toBe(400);
    const refused = await secondStep(challenge, await codeOf(secret), attacker);
    expect([refused.status, refused.body.code]).toEqual([429, 'SIGN_IN_THROTTLED']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same counters as passwords: the password step is locked too for this account from this address.
    expect((await login('lanhdao.c', attacker)).status).toBe(429);
    const [throttled] = await api.db.query(`SELECT detail FROM security_events WHERE event = 'login_throttled' AND detail->>'username' = 'lanhdao.c'`);
    expect(throttled.detail).toMatchObject({ action: 'second_factor', scope: 'account_address' });
    expect(await events('second_factor_failed', id)).toHaveLength(5);
    // The owner, from their own address, signs in (and the attacker's address waits for its hour).
    expect((await secondStep((await challengeOf('lanhdao.c', '198.51.100.3')).challenge, await codeOf(secret), '198.51.100.3')).status).toBe(200);
    api.clock.advance(3_600_001);
    expect((await secondStep((await challengeOf('lanhdao.c', attacker)).challenge, await wrongCode(), attacker)).status).toBe(400);
  });

  it('a recovery code signs in once, typed in any case and spacing', async () => {
    const id = api.fixtures.userId('lanhdao.d');
    const { recoveryCodes } = await enrolAtSignIn('lanhdao.d', '198.51.100.4');
    const typed = ` ${recoveryCodes[3].toUpperCase().replace('-', ' ')} `;
    const first = await secondStep((await challengeOf('lanhdao.d', '198.51.100.4')).challenge, typed, '198.51.100.4');
    expect(first.status).toBe(200);
    const used = await events('recovery_code_used', id);
    expect(used.map((e: { detail: { remaining: number } }) => e.detail.remaining)).toEqual([9]);
    expect((await events('second_factor_passed', id)).at(-1).detail.method).toBe('recovery_code');
    const second = await secondStep((await challengeOf('lanhdao.d', '198.51.100.4')).challenge, recoveryCodes[3], '198.51.100.4');
    expect([second.status, second.body.errors?.[0]?.rule]).toEqual([400, 'SECOND_FACTOR_CODE_WRONG']);
    // Another user's recovery code is not this user's.
    const other = await enrolAtSignIn('lanhdao.e', '198.51.100.5');
    expect((await secondStep((await challengeOf('lanhdao.d', '198.51.100.4')).challenge, other.recoveryCodes[0], '198.51.100.4')).status).toBe(400);
    const status = await api.http.get('/api/auth/second-factor').set(bearer(first.body.accessToken));
    expect(status.body).toEqual({ enrolled: true, enrolledAt: expect.any(String), required: true, recoveryCodesLeft: 9 });
  });

  it('a challenge opens one session: a second valid code with it is refused, spending no recovery code; of two at once, one passes', async () => {
    const id = api.fixtures.userId('lanhdao.i');
    const sessions = async () => (await api.db.query(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [id]))[0].n;
    const { secret, recoveryCodes } = await enrolAtSignIn('lanhdao.i', '198.51.100.7');
    const { challenge } = await challengeOf('lanhdao.i', '198.51.100.7');
    expect((await secondStep(challenge, await codeOf(secret), '198.51.100.7')).status).toBe(200);
    const opened = await sessions();
    nextStep();
    for (const code of [await codeOf(secret), recoveryCodes[0]]) {
      const again = await secondStep(challenge, code, '198.51.100.7');
      expect([again.status, again.body.code]).toEqual([401, 'SECOND_FACTOR_CHALLENGE_INVALID']);
    }
    expect(await sessions()).toBe(opened);
    // The recovery code tried with the spent challenge was not spent: it opens a session with a new challenge.
    expect((await secondStep((await challengeOf('lanhdao.i', '198.51.100.7')).challenge, recoveryCodes[0], '198.51.100.7')).status).toBe(200);
    // Two second steps at once with one challenge, each with a valid code of its own: one session, one refusal.
    nextStep();
    const both = (await challengeOf('lanhdao.i', '198.51.100.7')).challenge;
    const answers = await Promise.all([secondStep(both, await codeOf(secret), '198.51.100.7'), secondStep(both, recoveryCodes[1], '198.51.100.7')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(await sessions()).toBe(opened + 2);
  });

  it('an admin resets a leader’s second factor: recorded, the leader’s sessions end, and they enrol again at the next sign-in', async () => {
    const admin = await enrolAtSignIn('quantri', '198.51.100.9');
    const leader = await enrolAtSignIn('lanhdao.f', '198.51.100.6');
    const leaderId = api.fixtures.userId('lanhdao.f');
    // Only an admin may reset; an unknown user is 404.
    const denied = await api.http.post(`/api/users/${leaderId}/second-factor/reset`).set(bearer(leader.session.accessToken));
    expect(denied.status).toBe(403);
    const unknown = await api.http.post(`/api/users/00000000-0000-4000-8000-000000000000/second-factor/reset`).set(bearer(admin.session.accessToken));
    expect(unknown.status).toBe(404);

    const reset = await api.http.post(`/api/users/${leaderId}/second-factor/reset`).set(bearer(admin.session.accessToken));
    expect([reset.status, reset.body]).toEqual([200, { reset: true }]);
    expect((await api.http.get('/api/auth/me').set(bearer(leader.session.accessToken))).status).toBe(401);
    const [event] = await events('second_factor_reset', leaderId);
    expect(event.detail).toEqual({ userId: leaderId, hadSecondFactor: true });
    const [{ count }] = await api.db.query(`SELECT count(*)::int AS count FROM recovery_codes WHERE user_id = $1`, [leaderId]);
    expect(count).toBe(0);
    // The old authenticator and recovery codes are gone; the next sign-in is an enrolment.
    expect((await challengeOf('lanhdao.f', '198.51.100.6')).secondFactor).toBe('enrol');
    const again = await enrolAtSignIn('lanhdao.f', '198.51.100.6');
    expect(again.secret).not.toBe(leader.secret);
  });

  it('a staff member enrols on the account page, renews the recovery codes, turns it off with a code', async () => {
    const id = api.fixtures.userId('chuyenvien');
    // Not required: the password alone signs in.
    const first = await login('chuyenvien', '198.51.100.10');
    expect(first.body.accessToken).toEqual(expect.any(String));
    const token = first.body.accessToken as string;
    expect((await api.http.get('/api/auth/second-factor').set(bearer(token))).body).toEqual({ enrolled: false, enrolledAt: null, required: false, recoveryCodesLeft: 0 });
    // A confirmation before any enrolment started.
    expect((await api.http.post('/api/auth/second-factor/enrolment/confirm').set(bearer(token)).send({ code: '123456' })).body.code).toBe('SECOND_FACTOR_NOT_ENROLLED');

    const { secret } = (await api.http.post('/api/auth/second-factor/enrolment').set(bearer(token))).body as SecondFactorEnrolment;
    const confirmed = await api.http.post('/api/auth/second-factor/enrolment/confirm').set(bearer(token)).set(from('198.51.100.10')).send({ code: await codeOf(secret) });
    expect(confirmed.status).toBe(200);
    const oldCodes = confirmed.body.recoveryCodes as string[];
    nextStep();

    // Enrolled: the next sign-in asks for a code.
    expect((await challengeOf('chuyenvien', '198.51.100.10')).secondFactor).toBe('code');

    // New recovery codes need the authenticator's code (not a recovery code); the old ones stop working.
    const byRecovery = await api.http.post('/api/auth/second-factor/recovery-codes').set(bearer(token)).send({ code: oldCodes[0] });
    expect([byRecovery.status, byRecovery.body.errors?.[0]?.rule]).toEqual([400, 'SECOND_FACTOR_CODE_WRONG']);
    const renewed = await api.http.post('/api/auth/second-factor/recovery-codes').set(bearer(token)).send({ code: await codeOf(secret) });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect(await events('recovery_codes_regenerated', id)).toHaveLength(1);
    nextStep();
    expect((await secondStep((await challengeOf('chuyenvien', '198.51.100.10')).challenge, oldCodes[1], '198.51.100.10')).status).toBe(400);

    const badOff = await api.http.post('/api/auth/second-factor/disable').set(bearer(token)).send({ code: 'abc' });
    expect([badOff.status, badOff.body.errors?.[0]?.rule]).toEqual([400, 'SECOND_FACTOR_CODE_WRONG']);
    nextStep();
    const off = await api.http.post('/api/auth/second-factor/disable').set(bearer(token)).send({ code: await codeOf(secret) });
    expect(off.status).toBe(204);
    expect(await events('second_factor_disabled', id)).toHaveLength(1);
    expect((await login('chuyenvien', '198.51.100.10')).body.accessToken).toEqual(expect.any(String));

  });

  it('a leader cannot turn the second factor off (their role requires it)', async () => {
    const { secret, session } = await enrolAtSignIn('lanhdao.h', '198.51.100.12');
    const off = await api.http.post('/api/auth/second-factor/disable').set(bearer(session.accessToken)).send({ code: await codeOf(secret) });
    expect([off.status, off.body.code]).toEqual([422, 'SECOND_FACTOR_REQUIRED']);
    expect((await api.http.get('/api/auth/second-factor').set(bearer(session.accessToken))).body.enrolled).toBe(true);
  });

  it('a challenge expires after 5 minutes (the clock moved, no wait); a forged or altered one is refused', async () => {
    // Not required: enrolled on the account page.
    const token = (await login('chuyenvien.b', '198.51.100.13')).body.accessToken as string;
    const { secret } = (await api.http.post('/api/auth/second-factor/enrolment').set(bearer(token))).body as SecondFactorEnrolment;
    expect((await api.http.post('/api/auth/second-factor/enrolment/confirm').set(bearer(token)).send({ code: await codeOf(secret) })).status).toBe(200);
    nextStep();
    const { challenge } = await challengeOf('chuyenvien.b', '198.51.100.13');
    api.clock.advance(300_001);
    const expired = await secondStep(challenge, await codeOf(secret), '198.51.100.13');
    expect([expired.status, expired.body.code, expired.body.message]).toEqual([401, 'SECOND_FACTOR_CHALLENGE_INVALID', 'Phiên đăng nhập đã hết hạn; hãy nhập lại mật khẩu']);

    const fresh = (await challengeOf('chuyenvien.b', '198.51.100.13')).challenge;
    const [header, payload] = fresh.split('.');
    // Signed with another key.
    const forged = `${header}.${payload}.${createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest('base64url')}`;
    // Another user's id in a payload whose signature no longer matches.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: api.fixtures.userId('lanhdao.b') })).toString('base64url')}.${fresh.split('.')[2]}`;
    // An access token is not a challenge.
    const accessToken = (await login('chuyenvien.c', '198.51.100.14')).body.accessToken as string;
    expect(accessToken).toEqual(expect.any(String));
    for (const bad of [forged, altered, 'not-a-token', accessToken]) {
      const res = await secondStep(bad, await codeOf(secret), '198.51.100.13');
      expect([res.status, res.body.code]).toEqual([401, 'SECOND_FACTOR_CHALLENGE_INVALID']);
    }
    // Nothing was counted or recorded as a wrong code for these.
    expect(await events('second_factor_failed', api.fixtures.userId('chuyenvien.b'))).toHaveLength(0);
    // The fresh challenge itself still works.
    expect((await secondStep(fresh, await codeOf(secret), '198.51.100.13')).status).toBe(200);
  });

  it('needsSecondFactor and challengeIfNeeded: a directory sign-in whose provider asked for a second factor (amr mfa, otp, hwk) skips the code', async () => {
    const service = api.app.get(SecondFactorService);
    const enrolled = { id: api.fixtures.userId('lanhdao.b'), role: 'leader' as const };
    const notEnrolled = { id: api.fixtures.userId('chuyenvien.c'), role: 'staff' as const };
    expect(await service.needsSecondFactor(enrolled)).toBe('code');
    expect(await service.needsSecondFactor(enrolled, { providerAmr: ['pwd'] })).toBe('code');
    for (const amr of ['mfa', 'otp', 'hwk']) expect(await service.needsSecondFactor(enrolled, { providerAmr: ['pwd', amr] })).toBe('none');
    expect(await service.needsSecondFactor(notEnrolled)).toBe('none');
    expect(await service.needsSecondFactor({ id: notEnrolled.id, role: 'leader' })).toBe('enrol');
    expect(await service.needsSecondFactor({ id: notEnrolled.id, role: 'leader' }, { providerAmr: ['mfa'] })).toBe('none');

    // The hook a directory sign-in calls after its provider: no challenge when the provider asked already, else one
    // that the code step takes like the password's.
    const auth = api.app.get(AuthService);
    expect(await auth.challengeIfNeeded(enrolled, { providerAmr: ['pwd', 'mfa'] })).toBeNull();
    const challenge = await auth.challengeIfNeeded(enrolled, { providerAmr: ['pwd'] });
    expect(challenge).toEqual({ secondFactor: 'code', challenge: expect.any(String), expiresIn: 300 });
    const refused = await secondStep(challenge?.challenge as string, '12345x', '198.51.100.15');
    expect([refused.status, refused.body.errors?.[0]?.rule]).toEqual([400, 'SECOND_FACTOR_CODE_WRONG']);
  });
});
