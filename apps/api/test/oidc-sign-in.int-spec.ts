import { authenticatorCode, startOidcProvider, TEST_PASSWORD, TestOidcProvider } from '@tiendo/server-testing';
import { bearer, startTestApi, TestApi } from './harness';

const CLIENT_ID = 'tiendo-test';
const CLIENT_SECRET = 'oidc-test-client-secret';
/** Where the provider sends the browser back: the web app's page (never fetched here: the test reads the redirect). */
const REDIRECT_URI = 'http://127.0.0.1:9/dang-nhap/oidc';
const AFTER_LOGOUT = 'http://127.0.0.1:9/dang-nhap';

/** The people of the ministry's single sign-on in this test, and what the provider says of them. */
const ACCOUNTS = [
  { sub: 'sso-1', username: 'an.sso', password: 'an-sso-pass', claims: { name: 'Nguyễn Văn An', preferred_username: 'an.sso', email: 'an@bo.test', groups: ['/Bo/VP'] } },
  {
    sub: 'sso-2',
    username: 'binh.sso',
    password: 'binh-sso-pass',
    claims: { name: 'Trần Thị Bình', preferred_username: 'binh.sso', email: 'binh@bo.test', groups: ['/Bo/TTRA', 'lanh-dao'] },
    amr: ['pwd', 'otp'],
  },
  { sub: 'sso-3', username: 'cuong.sso', password: 'cuong-sso-pass', claims: { name: 'Lê Văn Cường', preferred_username: 'cuong.sso', groups: ['/Bo/TTRA', 'lanh-dao'] } },
  { sub: 'sso-4', username: 'nogroup.sso', password: 'nogroup-pass', claims: { name: 'Phạm Thị Dung', preferred_username: 'nogroup.sso', groups: ['khach'] } },
  { sub: 'sso-5', username: 'local_user', password: 'local-sso-pass', claims: { name: 'Đỗ Văn Local', preferred_username: 'local_user', groups: ['/Bo/VP'] } },
  { sub: 'sso-6', username: 'nameless', password: 'nameless-pass', claims: { name: 'Không Tên Đăng Nhập', groups: ['/Bo/VP'] } },
];

/**
 * What a browser does at the provider: follows the authorization URL to its sign-in form, posts the username and
 * password, follows the redirects (consent is given at once), and stops at the redirect back to the web app.
 * Answers that page's query (code, state, iss). Cookies are kept as a browser keeps them.
 */
async function signInAtProvider(authorizationUrl: string, username: string, password: string): Promise<{ code: string; state: string; iss?: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(authorizationUrl, { redirect: 'manual' });
  keep(res);
  let at = new URL(res.headers.get('location') as string, authorizationUrl);
  res = await fetch(at, { headers: { cookie: cookies() } });
  keep(res);
  if (!(await res.text()).includes('name="password"')) throw new Error(`no sign-in form at ${at}`);
  res = await fetch(new URL(`${at.pathname}/login`, at), {
    method: 'POST',
    headers: { cookie: cookies(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual',
  });
  keep(res);
  for (let hop = 0; hop < 10 && res.status >= 300 && res.status < 400; hop++) {
    at = new URL(res.headers.get('location') as string, at);
    if (at.href.startsWith(REDIRECT_URI)) {
      const q = at.searchParams;
      return { code: q.get('code') as string, state: q.get('state') as string, ...(q.get('iss') ? { iss: q.get('iss') as string } : {}) };
    }
    res = await fetch(at, { headers: { cookie: cookies() }, redirect: 'manual' });
    keep(res);
  }
  throw new Error(`the provider did not send the browser back (${res.status} at ${at})`);
}

describe('sign-in through the ministry’s OpenID Connect provider (a real oidc-provider over HTTP)', () => {
  let provider: TestOidcProvider;
  let api: TestApi;
  let admin: string;

  const start = async () => {
    const res = await api.http.post('/api/auth/oidc/start');
    expect(res.status).toBe(200);
    return res.body as { authorizationUrl: string; state: string };
  };
  /** The whole round trip: start, the provider's form, the callback to the API. */
  const signIn = async (username: string, password: string) => {
    const { authorizationUrl } = await start();
    const back = await signInAtProvider(authorizationUrl, username, password);
    return api.http.post('/api/auth/oidc/callback').send(back);
  };
  const events = (event: string, username: string) =>
    api.db.query(
      `SELECT detail FROM security_events WHERE event = $1 AND (detail->>'username' = $2 OR actor_id = (SELECT id FROM users WHERE username = $2)) ORDER BY id`,
      [event, username],
    );

  beforeAll(async () => {
    provider = await startOidcProvider({
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI], post_logout_redirect_uris: [AFTER_LOGOUT] }],
      accounts: ACCOUNTS,
    });
    api = await startTestApi({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_POST_LOGOUT_REDIRECT_URI: AFTER_LOGOUT,
      OIDC_ALLOW_HTTP: 'true',
      MFA_REQUIRED_ROLES: 'leader',
    });
    const f = api.fixtures;
    await f.unit('BO', undefined, 'Bộ Thông tin và Truyền thông');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('TTRA', 'BO', 'Thanh tra Bộ');
    await f.user('admin1', 'admin', 'BO');
    await f.user('local_user', 'staff', 'VP');
    admin = await api.login('admin1');
    for (const rule of [
      { source: 'group', value: 'lanh-dao', role: 'leader' },
      { source: 'group', value: '/Bo/VP', unitCode: 'VP' },
      { source: 'group', value: '/Bo/TTRA', unitCode: 'TTRA' },
    ]) {
      const res = await api.http.post('/api/directory/mapping-rules').set(bearer(admin)).send(rule);
      if (res.status !== 201) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  afterAll(async () => {
    await api?.close();
    await provider?.stop();
  });

  it('tells the sign-in page to offer the provider, with the button’s words', async () => {
    const res = await api.http.get('/api/auth/oidc');
    expect(res.body).toEqual({ enabled: true, label: 'Đăng nhập bằng tài khoản Bộ' });
  });

  it('sends the browser to the provider with PKCE (S256), a state and a nonce', async () => {
    const { authorizationUrl, state } = await start();
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge_method: 'S256',
      state,
      scope: 'openid profile email groups',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('nonce')).toBeTruthy();
  });

  it('creates the user at the first sign-in with the unit the rules give, signs them in, and records it', async () => {
    const res = await signIn('an.sso', 'an-sso-pass');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number) });
    const me = await api.http.get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.body).toMatchObject({ username: 'an.sso', fullName: 'Nguyễn Văn An', email: 'an@bo.test', unitCode: 'VP', role: 'staff', signInMethod: 'oidc' });
    const [created] = await api.db.query(`SELECT detail FROM security_events WHERE event = 'user_created' AND detail->>'userId' = $1`, [me.body.id]);
    expect(created.detail).toMatchObject({ unit: 'VP', role: 'staff', signInMethod: 'oidc', source: 'oidc' });
    const [login] = await events('login', 'an.sso');
    expect(login.detail).toMatchObject({ method: 'oidc' });
    // The second sign-in finds the same user.
    const again = await signIn('an.sso', 'an-sso-pass');
    expect(again.status).toBe(200);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM users WHERE username = 'an.sso'`)).toEqual([{ n: 1 }]);
  });

  it('does not ask a leader for a code when the provider already asked for a second factor (amr)', async () => {
    const res = await signIn('binh.sso', 'binh-sso-pass');
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const me = await api.http.get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.body).toMatchObject({ unitCode: 'TTRA', role: 'leader', signInMethod: 'oidc' });
  });

  it('asks a leader whose provider asked only for a password to enrol a second factor, and keeps the provider’s logout', async () => {
    const res = await signIn('cuong.sso', 'cuong-sso-pass');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ secondFactor: 'enrol', challenge: expect.any(String) });
    const enrolment = await api.http.post('/api/auth/sign-in/enrolment').send({ challenge: res.body.challenge });
    expect(enrolment.status).toBe(200);
    const code = authenticatorCode(enrolment.body.secret, Math.floor(api.clock.now().getTime() / 1000));
    const confirmed = await api.http.post('/api/auth/sign-in/enrolment/confirm').send({ challenge: res.body.challenge, code });
    expect(confirmed.status).toBe(200);
    const session = confirmed.body.session;
    const me = await api.http.get('/api/auth/me').set(bearer(session.accessToken));
    expect(me.body).toMatchObject({ username: 'cuong.sso', role: 'leader', signInMethod: 'oidc' });
    // The session opened after the second step still signs out of the provider too.
    const out = await api.http.post('/api/auth/oidc/logout').send({ refreshToken: session.refreshToken });
    expect(out.status).toBe(200);
    expect(out.body.endSessionUrl).toContain(`${provider.issuer}/session/end?`);
  });

  it('signs out of the product and answers the provider’s end-session URL with the ID token as hint', async () => {
    const res = await signIn('an.sso', 'an-sso-pass');
    const out = await api.http.post('/api/auth/oidc/logout').send({ refreshToken: res.body.refreshToken });
    expect(out.status).toBe(200);
    const url = new URL(out.body.endSessionUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(AFTER_LOGOUT);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^ey/);
    // The product's session is over: its access token and refresh token are refused.
    expect((await api.http.get('/api/auth/me').set(bearer(res.body.accessToken))).status).toBe(401);
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: res.body.refreshToken })).status).toBe(401);
    // A session of the product's own password has no provider to sign out of.
    const local = await api.http.post('/api/auth/login').send({ username: 'admin1', password: TEST_PASSWORD });
    const localOut = await api.http.post('/api/auth/oidc/logout').send({ refreshToken: local.body.refreshToken });
    expect(localOut.body).toEqual({ endSessionUrl: null });
  });

  it('refuses a state used twice, an unknown one, and one past its ten minutes, writing no user', async () => {
    const { authorizationUrl } = await start();
    const back = await signInAtProvider(authorizationUrl, 'an.sso', 'an-sso-pass');
    expect((await api.http.post('/api/auth/oidc/callback').send(back)).status).toBe(200);
    const twice = await api.http.post('/api/auth/oidc/callback').send(back);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'state', rule: 'OIDC_STATE_INVALID' })] });
    const unknown = await api.http.post('/api/auth/oidc/callback').send({ code: back.code, state: 'not-a-state-we-gave' });
    expect(unknown.status).toBe(400);
    const late = await start();
    const lateBack = await signInAtProvider(late.authorizationUrl, 'an.sso', 'an-sso-pass');
    api.clock.advance(11 * 60_000);
    const expired = await api.http.post('/api/auth/oidc/callback').send(lateBack);
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0]).toMatchObject({ field: 'state', rule: 'OIDC_STATE_INVALID' });
    const [failed] = await api.db.query(`SELECT count(*)::int AS n FROM security_events WHERE event = 'login_failed' AND detail->>'reason' = 'state_invalid'`);
    expect(failed.n).toBeGreaterThanOrEqual(3);
  });

  it('refuses a code the provider did not give for this sign-in (401), and bad input with field errors (400)', async () => {
    const { state } = await start();
    const forged = await api.http.post('/api/auth/oidc/callback').send({ code: 'forged-code', state });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('OIDC_SIGN_IN_FAILED');
    const bad = await api.http.post('/api/auth/oidc/callback').send({ code: '', state: 42 });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['code', 'state']);
  });

  it('refuses a person no rule gives a unit, a username that signs in another way here, and one without a username claim', async () => {
    const nogroup = await signIn('nogroup.sso', 'nogroup-pass');
    expect(nogroup.status).toBe(403);
    expect(nogroup.body.code).toBe('DIRECTORY_NO_MAPPING');
    expect(await api.db.query(`SELECT count(*)::int AS n FROM users WHERE username = 'nogroup.sso'`)).toEqual([{ n: 0 }]);
    const local = await signIn('local_user', 'local-sso-pass');
    expect(local.status).toBe(403);
    expect(local.body.code).toBe('OIDC_ACCOUNT_NOT_ALLOWED');
    const [user] = await api.db.query(`SELECT full_name, sign_in_method FROM users WHERE username = 'local_user'`);
    expect(user).toEqual({ full_name: expect.not.stringContaining('Local'), sign_in_method: 'local' });
    const nameless = await signIn('nameless', 'nameless-pass');
    expect(nameless.status).toBe(401);
    expect(nameless.body.code).toBe('OIDC_SIGN_IN_FAILED');
  });

  it('refuses a user an admin deactivated here, though the provider vouches for them', async () => {
    const first = await signIn('an.sso', 'an-sso-pass');
    const me = await api.http.get('/api/auth/me').set(bearer(first.body.accessToken));
    const off = await api.http.patch(`/api/users/${me.body.id}`).set(bearer(admin)).send({ active: false });
    expect(off.status).toBe(200);
    const res = await signIn('an.sso', 'an-sso-pass');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OIDC_ACCOUNT_NOT_ALLOWED');
    await api.http.patch(`/api/users/${me.body.id}`).set(bearer(admin)).send({ active: true });
  });

  it('limits the sign-ins started from one address (each stores a request): 429 with Retry-After, other addresses unaffected', async () => {
    const limited = await startTestApi({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_ALLOW_HTTP: 'true',
      OIDC_STARTS_PER_ADDRESS: '3',
      TRUST_PROXY: 'loopback',
    });
    try {
      const startFrom = (address: string) => limited.http.post('/api/auth/oidc/start').set('X-Forwarded-For', address);
      for (let i = 0; i < 3; i++) expect((await startFrom('198.51.100.20')).status).toBe(200);
      const refused = await startFrom('198.51.100.20');
      expect([refused.status, refused.body.code]).toEqual([429, 'SIGN_IN_THROTTLED']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(590);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
      const [{ n }] = await limited.db.query(`SELECT count(*)::int AS n FROM oidc_sign_in_requests`);
      expect(n).toBe(3);
      const [event] = await limited.db.query(`SELECT ip, detail FROM security_events WHERE event = 'login_throttled'`);
      expect([event.ip, event.detail.action]).toEqual(['198.51.100.20', 'oidc_start']);
      expect((await startFrom('198.51.100.21')).status).toBe(200);
      // The window is a started request's own life: ten minutes on, the address starts again.
      limited.clock.advance(600_000);
      expect((await startFrom('198.51.100.20')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 when the provider does not answer, and the product’s own admin still signs in', async () => {
    const down = await startTestApi({
      OIDC_ISSUER: 'http://127.0.0.1:1',
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_ALLOW_HTTP: 'true',
    });
    try {
      await down.fixtures.unit('BO');
      await down.fixtures.user('admin2', 'admin', 'BO');
      const res = await down.http.post('/api/auth/oidc/start');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('OIDC_PROVIDER_UNAVAILABLE');
      expect((await down.http.post('/api/auth/login').send({ username: 'admin2', password: TEST_PASSWORD })).status).toBe(200);
    } finally {
      await down.close();
    }
  });

  it('without OIDC_ISSUER: the page offers no provider, a start is refused, and an admin cannot choose it for a user', async () => {
    const plain = await startTestApi();
    try {
      await plain.fixtures.unit('BO');
      await plain.fixtures.user('admin3', 'admin', 'BO');
      const someone = await plain.fixtures.user('someone', 'staff', 'BO');
      expect((await plain.http.get('/api/auth/oidc')).body).toMatchObject({ enabled: false });
      const res = await plain.http.post('/api/auth/oidc/start');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('OIDC_NOT_CONFIGURED');
      const token = await plain.login('admin3');
      const choose = await plain.http.patch(`/api/users/${someone}`).set(bearer(token)).send({ signInMethod: 'oidc' });
      expect(choose.status).toBe(422);
      expect(choose.body.errors[0]).toMatchObject({ field: 'signInMethod', rule: 'OIDC_NOT_CONFIGURED' });
    } finally {
      await plain.close();
    }
  });
});
