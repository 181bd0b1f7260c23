import { bearer, startTestApi, TestApi } from './harness';
import { UsersService } from '@tiendo/server-users';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';

describe('auth over HTTP', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ LOGIN_MAX_FAILURES_PER_HOUR: '3' });
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VP', 'BO');
    await api.fixtures.user('admin1', 'admin', 'BO');
    await api.fixtures.user('staff1', 'staff', 'VP');
    await api.fixtures.user('throttled', 'staff', 'VP');
    await api.fixtures.user('changer', 'staff', 'VP');
  });
  afterAll(() => api.close());

  it('signs in and answers who I am', async () => {
    const login = await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    const me = await api.http.get('/api/auth/me').set(bearer(login.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'staff1', role: 'staff', unitCode: 'VP' });
  });

  it('refuses a wrong password with 401 and the one error body', async () => {
    const res = await api.http.post('/api/auth/login').send({ username: 'staff1', password: 'wrong-password-1' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: expect.any(String), correlationId: expect.any(String) });
  });

  it('400 with field errors for a malformed body, and unknown fields refused', async () => {
    const res = await api.http.post('/api/auth/login').send({ username: 5, extra: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'password', 'extra']));
  });

  it('rate-limits failed sign-ins per account and address with 429 and Retry-After, then lets the hour pass', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await api.http.post('/api/auth/login').send({ username: 'throttled', password: 'bad-password-x' })).status).toBe(401);
    }
    const blocked = await api.http.post('/api/auth/login').send({ username: 'throttled', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('SIGN_IN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    api.clock.advance(3_600_001);
    expect((await api.http.post('/api/auth/login').send({ username: 'throttled', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('rotates refresh tokens and revokes the family when one is reused', async () => {
    const login = await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD });
    const first = login.body.refreshToken;
    const second = await api.http.post('/api/auth/refresh').send({ refreshToken: first });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first);
    // The first token again: theft is assumed, the whole family dies.
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: first })).status).toBe(401);
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(401);
  });

  it('ends a session after 30 idle minutes, and sign-out revokes it', async () => {
    const login = await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD });
    api.clock.advance(31 * 60_000);
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken })).status).toBe(401);
    const again = await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD });
    expect((await api.http.post('/api/auth/logout').send({ refreshToken: again.body.refreshToken })).status).toBe(204);
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: again.body.refreshToken })).status).toBe(401);
  });

  it('a token forged or altered in any part is refused: another secret, no signature, another algorithm, audience or type', async () => {
    const good = await api.login('staff1');
    expect((await api.http.get('/api/auth/me').set(bearer(good))).status).toBe(200);
    const jwt = new JwtService();
    const claims = jwt.decode<Record<string, unknown>>(good);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = [
      jwt.sign(claims, { secret: randomBytes(48).toString('base64url'), algorithm: 'HS256' }),
      jwt.sign(claims, { secret: api.config.JWT_SECRET, algorithm: 'HS512' }),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      jwt.sign({ ...claims, aud: 'another-system' }, { secret: api.config.JWT_SECRET, algorithm: 'HS256' }),
      jwt.sign({ ...claims, typ: 'refresh' }, { secret: api.config.JWT_SECRET, algorithm: 'HS256' }),
      `${good.slice(0, good.lastIndexOf('.') + 1)}${Buffer.from('x'.repeat(32)).toString('base64url')}`,
    ];
    for (const token of forged) expect((await api.http.get('/api/auth/me').set(bearer(token))).status).toBe(401);
  });

  it('an expired access token is refused, also one accepted before (verified tokens are kept, their expiry is not)', async () => {
    const token = await api.login('staff1');
    expect((await api.http.get('/api/auth/me').set(bearer(token))).status).toBe(200);
    // A second before its 15 minutes end it still works; at the end it is refused, as jsonwebtoken refuses it.
    api.clock.advance(899_000);
    expect((await api.http.get('/api/auth/me').set(bearer(token))).status).toBe(200);
    api.clock.advance(1_000);
    expect((await api.http.get('/api/auth/me').set(bearer(token))).status).toBe(401);
    const fresh = await api.login('staff1');
    api.clock.advance(901_000);
    expect((await api.http.get('/api/auth/me').set(bearer(fresh))).status).toBe(401);
  });

  it('a deactivated user is locked out at once, even with a valid token', async () => {
    const login = await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD });
    const admin = (await api.http.post('/api/auth/login').send({ username: 'admin1', password: TEST_PASSWORD })).body.accessToken;
    const id = api.fixtures.userId('staff1');
    expect((await api.http.patch(`/api/users/${id}`).set(bearer(admin)).send({ active: false })).status).toBe(200);
    expect((await api.http.get('/api/auth/me').set(bearer(login.body.accessToken))).status).toBe(401);
    expect((await api.http.patch(`/api/users/${id}`).set(bearer(admin)).send({ active: true })).status).toBe(200);
  });

  it('changes the password: the old one stops working; common passwords are refused', async () => {
    const token = (await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD })).body.accessToken;
    const weak = await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: TEST_PASSWORD, newPassword: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'newPassword', rule: 'PASSWORD_TOO_COMMON' });
    const wrong = await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: 'nope-nope-nope', newPassword: 'Một mật khẩu mới dài' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng', rule: 'CURRENT_PASSWORD_WRONG' }]);
    const ok = await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: TEST_PASSWORD, newPassword: 'Một mật khẩu mới dài' });
    expect(ok.status).toBe(204);
    expect((await api.http.post('/api/auth/login').send({ username: 'staff1', password: TEST_PASSWORD })).status).toBe(401);
    expect((await api.http.post('/api/auth/login').send({ username: 'staff1', password: 'Một mật khẩu mới dài' })).status).toBe(200);
  });

  it('guessing the current password through change-password is counted like sign-ins, recorded, and answered 429', async () => {
    const token = (await api.http.post('/api/auth/login').send({ username: 'changer', password: TEST_PASSWORD })).body.accessToken;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: `doan-mo-${i}-x`, newPassword: 'Một mật khẩu mới dài' });
      statuses.push(res.status);
    }
    // From the owner's own address: LOGIN_MAX_FAILURES_PER_HOUR (3) checks, one more after the limit, then one a minute.
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses.slice(4).every((s) => s === 429)).toBe(true);
    const refused = await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: TEST_PASSWORD, newPassword: 'Một mật khẩu mới dài' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('SIGN_IN_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    const id = api.fixtures.userId('changer');
    const events = await api.db.query(`SELECT event, count(*)::int AS n FROM security_events WHERE actor_id = $1 OR detail->>'username' = 'changer' GROUP BY event ORDER BY event`, [id]);
    expect(events).toEqual([
      { event: 'login', n: 1 },
      { event: 'login_throttled', n: 27 },
      { event: 'password_change_failed', n: 4 },
    ]);
    // The same counters as signing in: a sign-in from here waits too.
    expect((await api.http.post('/api/auth/login').send({ username: 'changer', password: TEST_PASSWORD })).status).toBe(429);
    api.clock.advance(61_000);
    expect((await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: TEST_PASSWORD, newPassword: 'Một mật khẩu mới dài' })).status).toBe(204);
  });

  describe('the password rule on every path that sets a password', () => {
    const WEAK = ['password123', 'abcdefgh', '        ', '123456a@', 'matkhau2024', 'Nguyen Van Hung 1990', 'Nguyenvana1990', 'NguyenVanA@1990', 'Tranthib1990', 'Vubuuchinh@2026'];
    const named = (username: string) => [`${username}-2026-ok!`, 'Quản Văn Bình 12345!'.replace('12345', 'vui ve qua'), 'Binh Quan Van dep trai'];

    it.each(WEAK)('admin create refuses %j', async (password) => {
      const admin = await api.login('admin1');
      const res = await api.http.post('/api/users').set(bearer(admin)).send({ username: 'moi.nguoi', fullName: 'Lê Thị Mai', role: 'staff', unitCode: 'VP', password });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'password', rule: 'PASSWORD_TOO_COMMON', message: expect.stringMatching(/Mật khẩu/) }]);
    });

    it.each(WEAK)('admin reset refuses %j', async (password) => {
      const admin = await api.login('admin1');
      const res = await api.http.patch(`/api/users/${api.fixtures.userId('staff1')}`).set(bearer(admin)).send({ password });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'password', rule: 'PASSWORD_TOO_COMMON' });
    });

    // Accepted before through an admin reset (the outside tester's list), and more of the same Vietnamese habits.
    const HABITS = ['anhdeptrai', 'deptrai123', 'conmeo123', 'dulich2024', 'chucmung2025', 'meyeucon1', 'tuoitre2024', 'Hoilamgi@1', 'Xinhgai@99', 'Bố mẹ yêu 1', 'chucmungnammoi2025', 'Saigon@123'];

    it.each(HABITS)('admin reset refuses the Vietnamese habit %j', async (password) => {
      const admin = await api.login('admin1');
      const res = await api.http.patch(`/api/users/${api.fixtures.userId('staff1')}`).set(bearer(admin)).send({ password });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'password', rule: 'PASSWORD_TOO_COMMON', message: expect.stringMatching(/Mật khẩu/) });
    });

    it('admin reset accepts a long random passphrase', async () => {
      const admin = await api.login('admin1');
      const res = await api.http.patch(`/api/users/${api.fixtures.userId('staff1')}`).set(bearer(admin)).send({ password: 'Trâu-ăn-cỏ-dưới-mưa-xanh-2026' });
      expect(res.status).toBe(200);
      const back = await api.http.patch(`/api/users/${api.fixtures.userId('staff1')}`).set(bearer(admin)).send({ password: TEST_PASSWORD });
      expect(back.status).toBe(200);
    });

    it.each(WEAK)('change password refuses %j', async (password) => {
      const token = await api.login('admin1');
      const res = await api.http.post('/api/auth/change-password').set(bearer(token)).send({ currentPassword: TEST_PASSWORD, newPassword: password });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'newPassword', rule: 'PASSWORD_TOO_COMMON' });
    });

    it('refuses a password containing the username or the full name, tone marks and case aside', async () => {
      const admin = await api.login('admin1');
      for (const password of named('quan.binh')) {
        const res = await api.http.post('/api/users').set(bearer(admin)).send({ username: 'quan.binh', fullName: 'Quản Văn Bình', role: 'staff', unitCode: 'VP', password });
        expect(res.status).toBe(400);
        expect(res.body.errors[0]).toMatchObject({ field: 'password', rule: 'PASSWORD_CONTAINS_NAME' });
      }
      const reset = await api.http.patch(`/api/users/${api.fixtures.userId('staff1')}`).set(bearer(admin)).send({ password: 'Can-bo-STAFF1-mua-xuan' });
      expect(reset.body.errors[0]).toMatchObject({ field: 'password', rule: 'PASSWORD_CONTAINS_NAME' });
      const created = await api.http.post('/api/users').set(bearer(admin)).send({ username: 'quan.binh', fullName: 'Quản Văn Bình', role: 'staff', unitCode: 'VP', password: 'Sen-no-ho-Tay-2026' });
      expect(created.status).toBe(201);
    });

    it("refuses the user's own unit name with a number on admin create and reset; another unit's user may use it", async () => {
      await api.fixtures.unit('UCSC', 'BO', 'Phòng Ứng cứu sự cố');
      await api.fixtures.user('ucsc1', 'staff', 'UCSC');
      const admin = (await api.http.post('/api/auth/login').send({ username: 'admin1', password: TEST_PASSWORD })).body.accessToken;
      const created = await api.http.post('/api/users').set(bearer(admin)).send({ username: 'le.mai', fullName: 'Lê Thị Mai', role: 'staff', unitCode: 'UCSC', password: 'UngCuuSuCo@2026' });
      expect(created.status).toBe(400);
      expect(created.body.errors[0]).toMatchObject({ field: 'password', rule: 'PASSWORD_TOO_COMMON' });
      const reset = await api.http.patch(`/api/users/${api.fixtures.userId('ucsc1')}`).set(bearer(admin)).send({ password: 'Ung-cuu-su-co-1990' });
      expect(reset.body.errors[0]).toMatchObject({ field: 'password', rule: 'PASSWORD_TOO_COMMON' });
      const elsewhere = await api.http.post('/api/users').set(bearer(admin)).send({ username: 'le.mai', fullName: 'Lê Thị Mai', role: 'staff', unitCode: 'VP', password: 'UngCuuSuCo@2026' });
      expect(elsewhere.status).toBe(201);
      // The user changing their own password meets the same rule.
      const own = (await api.http.post('/api/auth/login').send({ username: 'ucsc1', password: TEST_PASSWORD })).body.accessToken;
      const changed = await api.http.post('/api/auth/change-password').set(bearer(own)).send({ currentPassword: TEST_PASSWORD, newPassword: 'Ung.Cuu.Su.Co.2026' });
      expect(changed.status).toBe(400);
      expect(changed.body.errors[0]).toMatchObject({ field: 'newPassword', rule: 'PASSWORD_TOO_COMMON' });
    });

    it('the first admin from ADMIN_PASSWORD is refused at start when weak', async () => {
      const [{ count }] = await api.db.query(`SELECT count(*)::int AS count FROM users WHERE role = 'admin'`);
      await api.db.query(`UPDATE users SET role = 'staff' WHERE role = 'admin'`);
      try {
        const users = api.app.get(UsersService);
        await expect(users.ensureInitialAdmin('quantri', 'matkhau123')).rejects.toThrow(/PASSWORD_TOO_COMMON/);
        await expect(users.ensureInitialAdmin('quantri', 'quantri-2026-rat-dai')).rejects.toThrow(/PASSWORD_CONTAINS_NAME/);
      } finally {
        await api.db.query(`UPDATE users SET role = 'admin' WHERE username = 'admin1'`);
      }
      expect(count).toBe(1);
    });
  });

  it('every route but sign-in, health and docs needs a token', async () => {
    expect((await api.http.get('/api/tasks')).status).toBe(401);
    expect((await api.http.get('/api/units')).status).toBe(401);
    expect((await api.http.get('/api/health')).status).toBe(200);
    expect((await api.http.get('/api/docs-json')).status).toBe(200);
  });
});
