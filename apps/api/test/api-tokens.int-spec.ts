import type { ApiTokenScope, CreatedApiToken } from '@tiendo/contracts';
import { createHash } from 'node:crypto';
import { bearer, DEFAULT_NOW, startTestApi, TestApi } from './harness';

/**
 * API tokens end to end: created by an admin (shown once, stored hashed), listed with their last use, revoked at once,
 * refused when expired; a token reaches only the endpoints that declare its scope and only the tasks of its units, as
 * a person outside the unit would be refused; every failure and every use is a security event.
 *
 * The unit tree: BO ─┬─ KHOI_A ─┬─ DEPT ── SUB
 *                    │          └─ SIB
 *                    └─ KHOI_B ─── OTHER
 */
describe('API tokens', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('KHOI_A', 'BO');
    await f.unit('DEPT', 'KHOI_A');
    await f.unit('SUB', 'DEPT');
    await f.unit('SIB', 'KHOI_A');
    await f.unit('KHOI_B', 'BO');
    await f.unit('OTHER', 'KHOI_B');
    await f.user('admin_u', 'admin', 'BO');
    await f.user('staff_u', 'staff', 'DEPT');
    await f.user('assigner', 'monitor', 'BO');
    admin = await api.login('admin_u');
  });
  afterAll(() => api.close());
  beforeEach(() => api.clock.set(DEFAULT_NOW));

  async function createToken(scopes: ApiTokenScope[], unitCodes = ['DEPT'], expiresOn = '2027-06-30', name = `Tích hợp ${Math.random().toString(36).slice(2, 8)}`): Promise<CreatedApiToken> {
    const res = await api.http.post('/api/admin/api-tokens').set(bearer(admin)).send({ name, scopes, unitCodes, expiresOn });
    expect(res.status).toBe(201);
    return res.body;
  }
  const events = async (kind: string): Promise<Array<{ detail: Record<string, unknown> }>> => api.db.query(`SELECT detail FROM security_events WHERE event = $1 ORDER BY id`, [kind]);

  it('is shown once, stored as its SHA-256, and listed with prefix, scopes, units and state', async () => {
    const token = await createToken(['tasks:read'], ['DEPT', 'OTHER']);
    expect(token.token).toMatch(/^tdk_[A-Za-z0-9_-]{43}$/);
    expect(token.prefix).toBe(token.token.slice(0, 10));
    const [row] = await api.db.query(`SELECT token_hash, prefix FROM api_tokens WHERE id = $1`, [token.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(token.token).digest('hex'));
    const list = await api.http.get('/api/admin/api-tokens').set(bearer(admin));
    expect(list.status).toBe(200);
    const listed = list.body.find((t: { id: string }) => t.id === token.id);
    expect(listed).toMatchObject({ prefix: token.prefix, scopes: ['tasks:read'], units: [{ code: 'DEPT' }, { code: 'OTHER' }], expiresOn: '2027-06-30', state: 'active', lastUsedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(token.token);
    expect((await events('api_token_created')).some((e) => e.detail['tokenId'] === token.id)).toBe(true);
  });

  it('refuses bad input field by field, in Vietnamese, writing nothing', async () => {
    const before = await api.db.query(`SELECT count(*)::int AS n FROM api_tokens`);
    const res = await api.http
      .post('/api/admin/api-tokens')
      .set(bearer(admin))
      .send({ name: 'X', scopes: ['tasks:read'], unitCodes: ['DEPT', 'NOPE'], expiresOn: '2028-12-31' });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort();
    expect(fields).toEqual(['expiresOn:EXPIRY_TOO_FAR', 'unitCodes.1:UNKNOWN_UNIT']);
    expect(res.body.errors[0].message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i);
    const badScope = await api.http.post('/api/admin/api-tokens').set(bearer(admin)).send({ name: 'X', scopes: ['admin:all'], unitCodes: ['DEPT'], expiresOn: '2027-01-01' });
    expect(badScope.status).toBe(400);
    expect(badScope.body.errors.map((e: { field: string }) => e.field)).toContain('scopes');
    // The expiry is a day in Hanoi: today is not in the future.
    const today = await api.http.post('/api/admin/api-tokens').set(bearer(admin)).send({ name: 'X', scopes: ['tasks:read'], unitCodes: ['DEPT'], expiresOn: '2026-11-20' });
    expect(today.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(['expiresOn:EXPIRY_TOO_FAR']);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM api_tokens`)).toEqual(before);
  });

  it('only an admin creates, lists and revokes tokens, and no token reaches those endpoints', async () => {
    const staff = await api.login('staff_u');
    expect((await api.http.get('/api/admin/api-tokens').set(bearer(staff))).status).toBe(403);
    expect((await api.http.post('/api/admin/api-tokens').set(bearer(staff)).send({ name: 'X', scopes: ['tasks:read'], unitCodes: ['DEPT'], expiresOn: '2027-01-01' })).status).toBe(403);
    const all = await createToken(['tasks:read', 'documents:create', 'reports:read'], ['BO']);
    for (const [method, path] of [
      ['get', '/api/admin/api-tokens'],
      ['get', '/api/auth/me'],
      ['get', '/api/users'],
      ['get', '/api/units'],
      ['get', '/api/notifications'],
      ['get', '/api/admin/security-events'],
    ] as const) {
      const res = await api.http[method](path).set(bearer(all.token));
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'API_TOKEN_SCOPE']);
    }
    const task = await api.fixtures.task({ leadUnit: 'DEPT', assignedBy: 'assigner' });
    // A person's work on a task is a person's: a token with every scope still may not report progress.
    const progress = await api.http.post(`/api/tasks/${task}/progress`).set(bearer(all.token)).send({ version: 1, percent: 50, note: 'x' });
    expect(progress.status).toBe(403);
    expect((await events('api_token_out_of_scope')).filter((e) => e.detail['tokenId'] === all.id)).toHaveLength(7);
  });

  it('reaches only the endpoints of its scopes', async () => {
    const reader = await createToken(['tasks:read']);
    const reporter = await createToken(['reports:read']);
    expect((await api.http.get('/api/tasks').set(bearer(reader.token))).status).toBe(200);
    expect((await api.http.get('/api/reports/briefing?month=2026-11').set(bearer(reader.token))).status).toBe(403);
    expect((await api.http.get('/api/reports/briefing?month=2026-11').set(bearer(reporter.token))).status).toBe(200);
    const tasks = await api.http.get('/api/tasks').set(bearer(reporter.token));
    expect([tasks.status, tasks.body.code]).toEqual([403, 'API_TOKEN_SCOPE']);
  });

  // The permission table for tokens: the same answers as for a person outside the unit (404: its existence does not leak).
  const SCOPES: Array<[string, { lead: string; coordinating?: string[] }, 200 | 404]> = [
    ['own unit', { lead: 'DEPT' }, 200],
    ['sub-unit', { lead: 'SUB' }, 200],
    ['parent', { lead: 'KHOI_A' }, 404],
    ['sibling', { lead: 'SIB' }, 404],
    ['other block', { lead: 'OTHER' }, 404],
    ['coordinated by its unit', { lead: 'OTHER', coordinating: ['DEPT'] }, 200],
    ['coordinated by its sub-unit', { lead: 'OTHER', coordinating: ['SUB'] }, 200],
    ['coordinated by another unit', { lead: 'DEPT', coordinating: ['OTHER'] }, 200],
  ];
  it.each(SCOPES)('a tasks:read token of DEPT reading a task of %s (%j) → %d, in the list exactly then', async (_name, where, want) => {
    const token = await createToken(['tasks:read'], ['DEPT']);
    const id = await api.fixtures.task({ leadUnit: where.lead, coordinating: where.coordinating ?? [], assignee: 'staff_u', assignedBy: 'assigner', title: `Đọc ${_name}` });
    const res = await api.http.get(`/api/tasks/${id}`).set(bearer(token.token));
    expect(res.status).toBe(want);
    const history = await api.http.get(`/api/tasks/${id}/history`).set(bearer(token.token));
    expect(history.status).toBe(want);
    const list = await api.http.get(`/api/tasks?pageSize=200`).set(bearer(token.token));
    expect(list.body.items.some((t: { id: string }) => t.id === id)).toBe(want === 200);
  });

  it('the list holds exactly the tasks its units lead or coordinate, whoever they are assigned to', async () => {
    const token = await createToken(['tasks:read'], ['SIB', 'SUB']);
    const list = await api.http.get('/api/tasks?pageSize=200').set(bearer(token.token));
    const expected: Array<{ id: string }> = await api.db.query(
      `SELECT DISTINCT t.id FROM tasks t JOIN units l ON l.id = t.lead_unit_id
         LEFT JOIN task_coordinating_units c ON c.task_id = t.id LEFT JOIN units cu ON cu.id = c.unit_id
        WHERE l.code IN ('SIB', 'SUB') OR cu.code IN ('SIB', 'SUB')`,
    );
    expect(list.body.total).toBe(expected.length);
    expect(new Set(list.body.items.map((t: { id: string }) => t.id))).toEqual(new Set(expected.map((t) => t.id)));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('is refused at once when revoked, and after its expiry day in Hanoi', async () => {
    const token = await createToken(['tasks:read'], ['DEPT'], '2026-11-21');
    expect((await api.http.get('/api/tasks').set(bearer(token.token))).status).toBe(200);
    // 23:59 on the expiry day in Hanoi: still valid; midnight: refused.
    api.clock.set('2026-11-21T23:59:00+07:00');
    expect((await api.http.get('/api/tasks').set(bearer(token.token))).status).toBe(200);
    api.clock.set('2026-11-22T00:00:00+07:00');
    expect((await api.http.get('/api/tasks').set(bearer(token.token))).status).toBe(401);
    expect((await events('api_token_expired')).some((e) => e.detail['tokenId'] === token.id)).toBe(true);
    api.clock.set(DEFAULT_NOW);

    const other = await createToken(['tasks:read']);
    expect((await api.http.get('/api/tasks').set(bearer(other.token))).status).toBe(200);
    const revoked = await api.http.post(`/api/admin/api-tokens/${other.id}/revoke`).set(bearer(admin));
    expect([revoked.status, revoked.body.state]).toEqual([200, 'revoked']);
    const res = await api.http.get('/api/tasks').set(bearer(other.token));
    expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    expect((await events('api_token_revoked')).some((e) => e.detail['tokenId'] === other.id)).toBe(true);
    expect((await api.http.post(`/api/admin/api-tokens/${other.id}/revoke`).set(bearer(admin))).status).toBe(200);
    expect((await events('api_token_revoked_by_admin')).filter((e) => e.detail['tokenId'] === other.id)).toHaveLength(1);
  });

  it('stops working when the admin who created it is deactivated (it acts in their name), and again when reactivated', async () => {
    const second = await api.fixtures.user(`admin_${Math.random().toString(36).slice(2, 6)}`, 'admin', 'BO');
    const [{ username }] = await api.db.query(`SELECT username FROM users WHERE id = $1`, [second]);
    const theirs = await api.http
      .post('/api/admin/api-tokens')
      .set(bearer(await api.login(username)))
      .send({ name: 'Cổng tỉnh', scopes: ['tasks:read'], unitCodes: ['DEPT'], expiresOn: '2027-06-30' });
    expect(theirs.status).toBe(201);
    const token = theirs.body.token as string;
    expect((await api.http.get('/api/tasks').set(bearer(token))).status).toBe(200);
    // The scheme's name in any case (RFC 9110): integrators' clients send `bearer` too.
    expect((await api.http.get('/api/tasks').set('Authorization', `bearer ${token}`)).status).toBe(200);
    expect((await api.http.patch(`/api/users/${second}`).set(bearer(admin)).send({ active: false })).status).toBe(200);
    expect((await api.http.get('/api/tasks').set(bearer(token))).status).toBe(401);
    expect((await events('api_token_creator_inactive')).some((e) => e.detail['tokenId'] === theirs.body.id)).toBe(true);
    expect((await api.http.patch(`/api/users/${second}`).set(bearer(admin)).send({ active: true })).status).toBe(200);
    expect((await api.http.get('/api/tasks').set(bearer(token))).status).toBe(200);
  });

  it('an unknown token is refused and recorded without its secret', async () => {
    const fake = `tdk_${'A'.repeat(43)}`;
    expect((await api.http.get('/api/tasks').set(bearer(fake))).status).toBe(401);
    expect((await api.http.get('/api/tasks').set(bearer('tdk_short'))).status).toBe(401);
    const rows = await events('api_token_unknown');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toContain(fake);
  });

  it('records its use: the last-use time and a sign-in event, at most once a minute', async () => {
    const token = await createToken(['tasks:read']);
    for (let i = 0; i < 3; i++) expect((await api.http.get('/api/tasks').set(bearer(token.token))).status).toBe(200);
    const uses = async () => (await events('api_token_used')).filter((e) => e.detail['tokenId'] === token.id).length;
    expect(await uses()).toBe(1);
    const listed = async () => (await api.http.get('/api/admin/api-tokens').set(bearer(admin))).body.find((t: { id: string }) => t.id === token.id).lastUsedAt;
    expect(await listed()).toBe(new Date(DEFAULT_NOW).toISOString());
    api.clock.advance(61_000);
    expect((await api.http.get('/api/tasks').set(bearer(token.token))).status).toBe(200);
    expect(await uses()).toBe(2);
    expect(await listed()).toBe(new Date(new Date(DEFAULT_NOW).getTime() + 61_000).toISOString());
  });

  it('the OpenAPI document names the token scheme, each token endpoint’s scope, and the integrations’ tags', async () => {
    const doc = (await api.http.get('/api/docs-json')).body;
    expect(doc.components.securitySchemes['api-token']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const scopes: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [method, op] of Object.entries(ops)) if (op['x-token-scope']) scopes.push(`${method.toUpperCase()} ${path} ${op['x-token-scope']}`);
    }
    expect(scopes.sort()).toEqual([
      'GET /api/reports/briefing reports:read',
      'GET /api/reports/documents reports:read',
      'GET /api/reports/key-tasks reports:read',
      'GET /api/reports/trend reports:read',
      'GET /api/tasks tasks:read',
      'GET /api/tasks/{id} tasks:read',
      'GET /api/tasks/{id}/history tasks:read',
      'POST /api/documents documents:create',
    ]);
    const tags = new Map((doc.tags as Array<{ name: string; description: string }>).map((t) => [t.name, t.description]));
    expect(tags.get('api-tokens')).toContain('documents:create');
    expect(tags.get('webhooks')).toContain('X-TienDo-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>');
    expect(tags.get('documents')).toContain('DOCUMENT_CONFLICT');
  });
});
