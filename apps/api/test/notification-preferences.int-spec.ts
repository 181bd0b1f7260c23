import { DEFAULT_DELIVERY } from '@tiendo/server-notifications';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * GET/PUT /api/me/notification-preferences: each user's own choice per kind of task event (what the worker's
 * dispatcher then honours: apps/worker/test/task-event-notifications.int-spec.ts).
 */
describe('notification preferences', () => {
  let api: TestApi;
  const auth = async (username: string) => bearer(await api.login(username));

  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.user('cv', 'staff', 'BO');
    await api.fixtures.user('cv2', 'staff', 'BO');
    await api.db.query(`UPDATE users SET email = username || '@mic.gov.vn' WHERE username IN ('cv', 'cv2')`);
  });
  afterAll(() => api.close());

  it('answers the defaults until changed, then the user’s own choice, for that user only', async () => {
    const first = await api.http.get('/api/me/notification-preferences').set(await auth('cv'));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ preferences: DEFAULT_DELIVERY, emailAvailable: true });
    const put = await api.http.put('/api/me/notification-preferences').set(await auth('cv')).send({ preferences: { assigned: 'digest', comment_added: 'off' } });
    expect(put.status).toBe(200);
    expect(put.body.preferences).toEqual({ ...DEFAULT_DELIVERY, assigned: 'digest', comment_added: 'off' });
    // Kinds left out keep their value.
    await api.http.put('/api/me/notification-preferences').set(await auth('cv')).send({ preferences: { assigned: 'in_app' } });
    const again = await api.http.get('/api/me/notification-preferences').set(await auth('cv'));
    expect(again.body.preferences).toMatchObject({ assigned: 'in_app', comment_added: 'off' });
    const other = await api.http.get('/api/me/notification-preferences').set(await auth('cv2'));
    expect(other.body).toEqual({ preferences: DEFAULT_DELIVERY, emailAvailable: true });
  });

  it('says when the account has no e-mail address: e-mail and digest choices are kept but nothing is sent', async () => {
    await api.fixtures.user('no_mail', 'staff', 'BO');
    await api.db.query(`UPDATE users SET email = NULL WHERE username = 'no_mail'`);
    const got = await api.http.get('/api/me/notification-preferences').set(await auth('no_mail'));
    expect(got.body).toEqual({ preferences: DEFAULT_DELIVERY, emailAvailable: false });
    const put = await api.http.put('/api/me/notification-preferences').set(await auth('no_mail')).send({ preferences: { assigned: 'digest' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ preferences: { ...DEFAULT_DELIVERY, assigned: 'digest' }, emailAvailable: false });
    await api.db.query(`UPDATE users SET email = '  ' WHERE username = 'no_mail'`);
    expect((await api.http.get('/api/me/notification-preferences').set(await auth('no_mail'))).body.emailAvailable).toBe(false);
  });

  it('refuses an unknown kind or delivery with Vietnamese field errors and writes nothing', async () => {
    const res = await api.http
      .put('/api/me/notification-preferences')
      .set(await auth('cv2'))
      .send({ preferences: { cancelled: 'email', assigned: 'sms', nonsense: 'off' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { field: 'preferences.assigned', rule: 'UNKNOWN_DELIVERY', message: expect.stringContaining('Cách nhận thông báo') },
      { field: 'preferences.nonsense', rule: 'UNKNOWN_EVENT_KIND', message: 'Không có loại sự kiện "nonsense"' },
    ]);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM notification_preferences np JOIN users u ON u.id = np.user_id WHERE u.username = 'cv2'`);
    expect(n).toBe(0);
    const notObject = await api.http.put('/api/me/notification-preferences').set(await auth('cv2')).send({ preferences: 'email' });
    expect(notObject.status).toBe(400);
    const anonymous = await api.http.get('/api/me/notification-preferences');
    expect(anonymous.status).toBe(401);
  });
});
