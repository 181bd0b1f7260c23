import { bearer, startTestApi, TestApi } from './harness';

/**
 * Webhook subscriptions through the API (the deliveries themselves are the worker's: apps/worker/test/webhooks.int-spec.ts):
 * admins only, field-level refusals in Vietnamese with nothing written, the secret shown once, disable, deliveries.
 */
describe('webhook subscriptions (admin API)', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VBC', 'BO');
    await api.fixtures.user('quantri', 'admin', 'BO');
    await api.fixtures.user('cv', 'staff', 'VBC');
    admin = await api.login('quantri');
  });
  afterAll(() => api.close());

  const valid = { name: 'Cổng tỉnh', url: 'https://congtinh.example.vn/hook', eventTypes: ['assigned', 'completion_reported'], unitCodes: ['VBC'] };

  it('creates a subscription, shows its secret once, lists it without, and disables it', async () => {
    const res = await api.http.post('/api/admin/webhooks').set(bearer(admin)).send(valid);
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({ name: 'Cổng tỉnh', url: valid.url, eventTypes: valid.eventTypes, units: [{ code: 'VBC' }], active: true });
    const list = await api.http.get('/api/admin/webhooks').set(bearer(admin));
    expect(list.body.map((s: { id: string }) => s.id)).toContain(res.body.id);
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    const off = await api.http.post(`/api/admin/webhooks/${res.body.id}/disable`).set(bearer(admin));
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect((await api.http.post(`/api/admin/webhooks/${res.body.id}/disable`).set(bearer(admin))).status).toBe(200);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM security_events WHERE event = 'webhook_disabled' AND detail->>'subscriptionId' = $1`, [res.body.id]);
    expect(n).toBe(1);
    const deliveries = await api.http.get(`/api/admin/webhooks/${res.body.id}/deliveries`).set(bearer(admin));
    expect([deliveries.status, deliveries.body]).toEqual([200, { total: 0, items: [] }]);
  });

  it.each([
    ['ftp://congtinh.example.vn/hook', 'url:WEBHOOK_URL_INVALID'],
    ['https://user:secret@congtinh.example.vn/hook', 'url:WEBHOOK_URL_INVALID'],
    ['không phải địa chỉ', 'url:WEBHOOK_URL_INVALID'],
  ])('refuses the URL %s field by field, writing nothing', async (url, want) => {
    const before = await api.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
    const res = await api.http.post('/api/admin/webhooks').set(bearer(admin)).send({ ...valid, url, unitCodes: ['VBC', 'KHONG_CO'] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual([want, 'unitCodes.1:UNKNOWN_UNIT']);
    expect(res.body.errors[0].message).toBe('Địa chỉ nhận phải là http(s), có tên máy chủ và không chứa tên đăng nhập, mật khẩu');
    expect(await api.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`)).toEqual(before);
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://2130706433/hook',
    'http://[::1]:8080/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://0.0.0.0:5432/',
    'http://localhost:6379/',
  ])('refuses %s: the API’s own host, its cloud’s metadata service, nothing a ministry’s system listens on', async (url) => {
    const before = await api.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
    const res = await api.http.post('/api/admin/webhooks').set(bearer(admin)).send({ ...valid, url });
    expect([res.status, res.body.errors]).toEqual([
      400,
      [
        {
          field: 'url',
          rule: 'WEBHOOK_ADDRESS_NOT_ALLOWED',
          message: 'Địa chỉ nhận không được trỏ vào chính máy chủ, mạng link-local (dịch vụ metadata của đám mây), multicast hay dải dự trữ',
        },
      ],
    ]);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`)).toEqual(before);
  });

  it('takes a receiver on the ministry’s private network', async () => {
    const res = await api.http.post('/api/admin/webhooks').set(bearer(admin)).send({ ...valid, url: 'http://10.20.30.40:8443/tiendo' });
    expect([res.status, res.body.url]).toEqual([201, 'http://10.20.30.40:8443/tiendo']);
  });

  it('refuses an unknown event type and an empty list', async () => {
    const bad = await api.http.post('/api/admin/webhooks').set(bearer(admin)).send({ ...valid, eventTypes: ['task_deleted'] });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['eventTypes']]);
    const empty = await api.http.post('/api/admin/webhooks').set(bearer(admin)).send({ ...valid, eventTypes: [] });
    expect(empty.status).toBe(400);
  });

  it('is for admins only, and no API token reaches it', async () => {
    const staff = await api.login('cv');
    expect((await api.http.get('/api/admin/webhooks').set(bearer(staff))).status).toBe(403);
    expect((await api.http.post('/api/admin/webhooks').set(bearer(staff)).send(valid)).status).toBe(403);
    const token = await api.http.post('/api/admin/api-tokens').set(bearer(admin)).send({ name: 'Mọi quyền', scopes: ['tasks:read', 'documents:create', 'reports:read'], unitCodes: ['BO'], expiresOn: '2027-01-31' });
    const res = await api.http.get('/api/admin/webhooks').set(bearer(token.body.token));
    expect([res.status, res.body.code]).toEqual([403, 'API_TOKEN_SCOPE']);
  });

  it('answers 404 for an unknown subscription or delivery, and for a delivery id that is not one', async () => {
    expect((await api.http.get('/api/admin/webhooks/6f1c1d1e-0000-4000-8000-000000000000/deliveries').set(bearer(admin))).status).toBe(404);
    expect((await api.http.post('/api/admin/webhooks/6f1c1d1e-0000-4000-8000-000000000000/disable').set(bearer(admin))).status).toBe(404);
    expect((await api.http.post('/api/admin/webhooks/deliveries/123456/resend').set(bearer(admin))).status).toBe(404);
    expect((await api.http.post('/api/admin/webhooks/deliveries/1e30/resend').set(bearer(admin))).status).toBe(404);
    expect((await api.http.post(`/api/admin/webhooks/deliveries/${'9'.repeat(40)}/resend`).set(bearer(admin))).status).toBe(404);
  });
});
