import { Logger } from '@nestjs/common';
import { loadConfig } from '@tiendo/server-core';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApi, TestApi } from './harness';

const WRONG = 'not-the-password-1';

/** Small limits, so that each rule shows in a few requests. The test process is the trusted proxy (loopback). */
const LIMITS = {
  TRUSTED_PROXIES: 'loopback',
  LOGIN_MAX_FAILURES_PER_HOUR: '5',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '30',
  LOGIN_ACCOUNT_SLOWDOWN_AFTER: '10',
  LOGIN_SLOWDOWN_SECONDS: '60',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '20',
};

describe('sign-in throttling', () => {
  let api: TestApi;

  /** A sign-in from client `address`, as the trusted proxy in front of the API reports it. */
  const signIn = (username: string, password: string, address: string) =>
    api.http.post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

  beforeAll(async () => {
    api = await startTestApi(LIMITS);
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VBC', 'BO');
    for (const name of ['vutruong.a', 'vutruong.b', 'vutruong.c', 'vutruong.d', 'staff.e', 'staff.f', 'vutruong.vbc', 'owner.flood', 'owner.nat', 'owner.own', 'admin.chinh']) {
      await api.fixtures.user(name, 'unit_head', 'VBC');
    }
  });
  afterAll(() => api.close());

  it('20 wrong passwords from one address hold back that address only: the owner signs in from theirs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await signIn('vutruong.a', WRONG, '203.0.113.10')).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);

    const refused = await signIn('vutruong.a', TEST_PASSWORD, '203.0.113.10');
    expect(refused.status).toBe(429);
    // Vietnamese only, with the wait in words.
    expect(refused.body).toEqual({
      statusCode: 429,
      code: 'SIGN_IN_THROTTLED',
      message: expect.stringMatching(/^Nhập sai mật khẩu quá nhiều lần; hãy thử lại sau \d+ (giây|phút)$/),
      correlationId: expect.any(String),
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);

    // The unit head at the office, the morning of the briefing.
    expect((await signIn('vutruong.a', TEST_PASSWORD, '198.51.100.7')).status).toBe(200);
    // The attacker's address waits for its hour, then counts from zero.
    api.clock.advance(3_600_001);
    expect((await signIn('vutruong.a', WRONG, '203.0.113.10')).status).toBe(401);
  });

  it('parallel wrong passwords for one account are never checked beyond the limit', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => signIn('vutruong.b', WRONG, '203.0.113.20')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    const [{ checked }] = await api.db.query(`SELECT count(*)::int AS checked FROM login_attempts WHERE username = 'vutruong.b'`);
    expect(checked).toBe(5);
  });

  it('many usernames from one address get 429, unknown usernames counted like known ones', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await signIn(`khong.co.${i}`, WRONG, '203.0.113.30')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // Another address is not affected.
    expect((await signIn('khong.co.x', WRONG, '203.0.113.31')).status).toBe(401);
    // An unknown username meets the same per-account limit as a known one, with the same answers.
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 7; i++) unknown.push((await signIn('khong.ai.ca', WRONG, '203.0.113.32')).status);
    for (let i = 0; i < 7; i++) known.push((await signIn('staff.e', WRONG, '203.0.113.33')).status);
    expect(unknown).toEqual(known);
    expect(unknown).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('a guess from many addresses slows those the account never signed in from, never the owner at theirs', async () => {
    // The owner signed in from the office before.
    expect((await signIn('vutruong.c', TEST_PASSWORD, '198.51.100.40')).status).toBe(200);
    // 10 failures from 5 addresses: up to the slow-down threshold, nothing changes.
    for (let i = 0; i < 10; i++) expect((await signIn('vutruong.c', WRONG, `192.0.2.${i % 5}`)).status).toBe(401);
    // Past it, an unknown address gets one try per LOGIN_SLOWDOWN_SECONDS.
    expect((await signIn('vutruong.c', WRONG, '192.0.2.100')).status).toBe(401);
    const slowed = await signIn('vutruong.c', WRONG, '192.0.2.100');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(60);
    // …even with the right password: the owner travelling waits a minute, no more.
    expect((await signIn('vutruong.c', TEST_PASSWORD, '192.0.2.100')).status).toBe(429);
    api.clock.advance(61_000);
    // Past LOGIN_MAX_FAILURES_PER_ACCOUNT, unknown addresses wait for the hour.
    // (11 failures counted so far: the two refused attempts, never checked, cost nothing.)
    for (let i = 0; i < 9; i++) expect((await signIn('vutruong.c', WRONG, `192.0.2.${120 + i}`)).status).toBe(401);
    const closed = await signIn('vutruong.c', WRONG, '192.0.2.200');
    expect(closed.status).toBe(429);
    expect(Number(closed.headers['retry-after'])).toBeGreaterThan(60);
    // The owner's own address is not slowed at all.
    expect((await signIn('vutruong.c', TEST_PASSWORD, '198.51.100.40')).status).toBe(200);
    api.clock.advance(3_600_001);
    expect((await signIn('vutruong.c', TEST_PASSWORD, '192.0.2.200')).status).toBe(200);
  });

  it('an account closed to unfamiliar addresses stays closed under another spelling the sign-in resolves to it (Turkish İ)', async () => {
    // 20 failures (LOGIN_MAX_FAILURES_PER_ACCOUNT), each from its own address: past it, new addresses wait for the hour.
    for (let i = 0; i < 20; i++) expect((await signIn('admin.chinh', WRONG, `192.0.2.${150 + i}`)).status).toBe(401);
    expect((await signIn('admin.chinh', TEST_PASSWORD, '192.0.2.220')).status).toBe(429);
    // PostgreSQL's lower() signs 'admİn.chİnh' in as 'admin.chinh', while JavaScript lowercases İ to i + U+0307:
    // every spelling must meet the same account counters, so it is refused too (before its password is checked).
    for (const spelling of ['admİn.chİnh', 'ADMİN.CHİNH', 'admİn.chinh']) {
      expect((await signIn(spelling, TEST_PASSWORD, '192.0.2.221')).status).toBe(429);
    }
  });

  it('a success gives back what its attempt counted and forgets the address\'s failures on that account', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn('vutruong.d', WRONG, '198.51.100.50')).status).toBe(401);
    expect((await signIn('vutruong.d', TEST_PASSWORD, '198.51.100.50')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn('vutruong.d', WRONG, '198.51.100.50')).status).toBe(401);
    expect((await signIn('vutruong.d', TEST_PASSWORD, '198.51.100.50')).status).toBe(200);
  });

  /** The points counted in `limiter` (its keyPrefix) for `key`, 0 when none. */
  const counted = async (limiter: string, key: string): Promise<number> =>
    (await api.db.query(`SELECT points FROM sign_in_throttle WHERE key = $1`, [`${limiter}:${key}`]))[0]?.points ?? 0;

  it('a flood that makes sign-ins answer 503 SERVER_BUSY costs the owner nothing, and is logged as warnings without stacks', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    try {
      // 150 addresses, each sending one sign-in at a time with new random usernames (each address under its limit),
      // keep more than the 100 password checks that may wait: the others are answered 503 at once.
      let flooding = true;
      let busy = 0;
      let sawBusy = () => undefined as void;
      const firstBusy = new Promise<void>((resolve) => (sawBusy = resolve));
      const floodFrom = async (n: number) => {
        for (let i = 0; flooding && i < 25; i++) {
          const res = await signIn(`lu.${n}.${i}.${randomBytes(3).toString('hex')}`, WRONG, `10.77.${n >> 8}.${n & 255}`);
          if (res.status === 503) {
            busy++;
            sawBusy();
          }
        }
      };
      const flood = Promise.all(Array.from({ length: 150 }, (_, n) => floodFrom(n)));
      await Promise.race([firstBusy, flood]);
      expect(busy).toBeGreaterThan(0);
      // The owner signs in, again and again, with the right password, while the flood answers 503.
      const owner: number[] = [];
      for (let i = 0; i < 11; i++) owner.push((await signIn('owner.flood', TEST_PASSWORD, '127.0.0.77')).status);
      flooding = false;
      await flood;
      expect(owner.filter((s) => s === 503).length).toBeGreaterThanOrEqual(1);
      expect(owner.every((s) => s === 200 || s === 503)).toBe(true);
      // After the flood: an attempt refused as busy was never checked, so none counted as a failure.
      expect(await counted('account_address', 'owner.flood|127.0.0.77')).toBe(0);
      const after = await signIn('owner.flood', TEST_PASSWORD, '127.0.0.77');
      expect([after.status, after.headers['retry-after']]).toEqual([200, undefined]);
      // Every 503 was an expected refusal: a warning without a stack, never an error.
      const busyErrors = errors.mock.calls.filter(([first]) => (first as { err?: { code?: string } } | undefined)?.err?.code === 'SERVER_BUSY');
      expect(busyErrors).toHaveLength(0);
      const busyWarnings = warnings.mock.calls.filter(([first]) => (first as { code?: string })?.code === 'SERVER_BUSY');
      expect(busyWarnings.length).toBeGreaterThanOrEqual(busy);
      expect(busyWarnings.every(([first]) => !('err' in (first as object)) && !JSON.stringify(first).includes('    at '))).toBe(true);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  }, 180_000);

  it('only checked attempts count: parallel guesses refused unchecked cost nothing, so the owner is not closed out elsewhere', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signIn('vutruong.vbc', WRONG, `203.0.113.${140 + (i % 6)}`)),
    );
    const statuses = answers.map((a) => a.status);
    const [{ checked }] = await api.db.query(`SELECT count(*)::int AS checked FROM login_attempts WHERE username = 'vutruong.vbc'`);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checked);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - checked);
    // Within the limits: 10 from anywhere, then one per address and minute (6 addresses).
    expect(checked).toBeLessThanOrEqual(16);
    // The account counts its checked failures, not the refusals.
    expect(await counted('account', 'vutruong.vbc')).toBe(checked);
    // The owner, travelling, from an address never used: slowed to a try a minute at most, not closed for the hour.
    const owner = await signIn('vutruong.vbc', TEST_PASSWORD, '198.51.100.141');
    expect(owner.status).toBe(200);
  });

  it('at a shared address the owner signed in from, other people\'s failures do not close the owner out', async () => {
    // The ministry's NAT: the owner signed in from it.
    expect((await signIn('owner.nat', TEST_PASSWORD, '203.0.113.160')).status).toBe(200);
    // 30 failures with any usernames close the address to everyone else…
    for (let i = 0; i < 30; i++) expect((await signIn(`ai.do.${i}`, WRONG, '203.0.113.160')).status).toBe(401);
    expect((await signIn('ai.do.khac', WRONG, '203.0.113.160')).status).toBe(429);
    expect((await signIn('vutruong.a', TEST_PASSWORD, '203.0.113.160')).status).toBe(429);
    // …but not to the account that signs in from it.
    expect((await signIn('owner.nat', TEST_PASSWORD, '203.0.113.160')).status).toBe(200);
  });

  it('wrong passwords for an account from its owner\'s own address slow it to a try a minute, never close it for the hour', async () => {
    expect((await signIn('owner.own', TEST_PASSWORD, '198.51.100.180')).status).toBe(200);
    // LOGIN_MAX_FAILURES_PER_HOUR (5) failures, then one more try per LOGIN_SLOWDOWN_SECONDS.
    for (let i = 0; i < 5; i++) expect((await signIn('owner.own', WRONG, '198.51.100.180')).status).toBe(401);
    expect((await signIn('owner.own', WRONG, '198.51.100.180')).status).toBe(401);
    const slowed = await signIn('owner.own', TEST_PASSWORD, '198.51.100.180');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(60);
    api.clock.advance(61_000);
    expect((await signIn('owner.own', WRONG, '198.51.100.180')).status).toBe(401);
    api.clock.advance(61_000);
    expect((await signIn('owner.own', TEST_PASSWORD, '198.51.100.180')).status).toBe(200);
    // The failures there still count for the account (7 now): addresses that are not the owner's slow down past 10.
    expect(await counted('account', 'owner.own')).toBe(7);
  });

  it('writes each refusal to security_events with the address and the rule', async () => {
    const rows = await api.db.query(
      `SELECT ip, detail->>'scope' AS scope FROM security_events WHERE event = 'login_throttled' AND detail->>'username' = 'vutruong.b' LIMIT 1`,
    );
    expect(rows).toEqual([{ ip: '203.0.113.20', scope: 'account_address' }]);
  });
});

describe('client address', () => {
  /** Sends a sign-in from the local address `from` (127.0.0.x) to `port`, with an X-Forwarded-For header. */
  function signInFrom(port: number, from: string, forwardedFor: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ username: 'nobody.here', password: WRONG });
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Forwarded-For': forwardedFor },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const lastFailureAddress = async (api: TestApi): Promise<string> =>
    (await api.db.query(`SELECT ip FROM security_events WHERE event = 'login_failed' ORDER BY id DESC LIMIT 1`))[0].ip;

  it('ignores X-Forwarded-For when no proxy is trusted (the default): a client cannot pick its address', async () => {
    const api = await startTestApi({ LOGIN_MAX_FAILURES_PER_ADDRESS: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await api.http.post('/api/auth/login').set('X-Forwarded-For', `203.0.113.${i}`).send({ username: `u${i}.x`, password: WRONG });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // An IPv4 client of the dual-stack listener is recorded as IPv4, as it is behind a proxy: one spelling per client.
      expect(await lastFailureAddress(api)).toBe('127.0.0.1');
    } finally {
      await api.close();
    }
  });

  it('believes X-Forwarded-For from a configured proxy only', async () => {
    const api = await startTestApi({ TRUSTED_PROXIES: '127.0.0.2' });
    try {
      await api.app.listen(0, '127.0.0.1');
      const { port } = api.app.getHttpServer().address() as AddressInfo;
      expect(await signInFrom(port, '127.0.0.2', '203.0.113.77')).toBe(401);
      expect(await lastFailureAddress(api)).toBe('203.0.113.77');
      expect(await signInFrom(port, '127.0.0.3', '203.0.113.78')).toBe(401);
      expect(await lastFailureAddress(api)).toBe('127.0.0.3');
    } finally {
      await api.close();
    }
  });

  it('refuses a TRUSTED_PROXIES that is not a list of addresses at start', () => {
    const base = { JWT_SECRET: randomBytes(48).toString('base64url') };
    expect(() => loadConfig({ ...base, TRUSTED_PROXIES: 'everyone' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ ...base, TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(loadConfig({ ...base, TRUSTED_PROXIES: '10.0.0.5, 172.28.0.0/24, loopback, ::1' }).TRUSTED_PROXIES).toBeDefined();
  });
});
