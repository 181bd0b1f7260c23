import { LdapDirectory } from '@tiendo/server-auth';
import { loadConfig } from '@tiendo/server-core';
import { startSlapd, TEST_PASSWORD, TestSlapd } from '@tiendo/server-testing';
import { Attribute, Change, Client } from 'ldapts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bearer, startTestApi, TestApi } from './harness';

const SUFFIX = 'dc=bo,dc=test';
const READER = `cn=reader,${SUFFIX}`;
const READER_PASSWORD = 'reader-secret-1';
const people = (uid: string) => `uid=${uid},ou=people,${SUFFIX}`;
const group = (cn: string) => `cn=${cn},ou=groups,${SUFFIX}`;
/** LDIF carries non-ASCII values in base64 (RFC 2849). */
const utf8 = (name: string, value: string) => `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;

const person = (uid: string, fullName: string, password: string, extra: string[] = []) =>
  [`dn: ${people(uid)}`, 'objectClass: inetOrgPerson', `uid: ${uid}`, utf8('cn', fullName), 'sn: X', `mail: ${uid}@bo.test`, `userPassword: ${password}`, ...extra].join('\n');
const groupOf = (cn: string, members: string[]) => [`dn: ${group(cn)}`, 'objectClass: groupOfNames', `cn: ${cn}`, ...members.map((m) => `member: ${people(m)}`)].join('\n');

/**
 * A small ministry directory: two units' groups (vp-staff, ttra-staff), a leaders group, a locked account (ppolicy),
 * an account in no group, and two accounts whose usernames also exist here (chi stays local, dung is switched to
 * the directory by an admin).
 */
const DIRECTORY = [
  `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
  `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups`,
  `dn: ${READER}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: ${READER_PASSWORD}`,
  person('an', 'Nguyễn Văn An', 'an-pass-1', ['departmentNumber: VP']),
  person('binh', 'Trần Thị Bình', 'binh-pass-1'),
  person('khoa', 'Lê Văn Khoa', 'khoa-pass-1', ['pwdAccountLockedTime: 000001010000Z']),
  person('lan', 'Phạm Thị Lan', 'lan-pass-1'),
  person('chi', 'Đỗ Thị Chi', 'chi-ldap-pass'),
  person('dung', 'Hoàng Văn Dũng', 'dung-ldap-pass'),
  person('em', 'Vũ Thị Em', 'em-pass-1'),
  // Disabled the Active Directory way: userAccountControl 514 = NORMAL_ACCOUNT (512) | ACCOUNTDISABLE (2).
  person('hoa', 'Ngô Thị Hoa', 'hoa-pass-1', ['objectClass: extensibleObject', 'userAccountControl: 514']),
  person('hai', 'Ngô Văn Hải', 'hai-pass-1', ['objectClass: extensibleObject', 'userAccountControl: 512']),
  groupOf('vp-staff', ['an', 'khoa', 'dung', 'em']),
  groupOf('ttra-staff', ['binh', 'chi']),
  groupOf('leaders', ['binh']),
].join('\n\n');

/** The settings of a directory with a service account and group search, over `url`. */
const directorySettings = (slapd: TestSlapd, url: string, extra: Record<string, string> = {}): Record<string, string> => ({
  LDAP_URL: url,
  LDAP_CA_FILE: slapd.caFile,
  LDAP_BIND_DN: READER,
  LDAP_BIND_PASSWORD: READER_PASSWORD,
  LDAP_USER_BASE: `ou=people,${SUFFIX}`,
  LDAP_USER_FILTER: '(uid={username})',
  LDAP_GROUP_BASE: `ou=groups,${SUFFIX}`,
  LDAP_TIMEOUT_MS: '3000',
  ...extra,
});

describe('directory sign-in (LDAP) against a real slapd', () => {
  let slapd: TestSlapd;
  let api: TestApi;
  let admin: string;
  const signIn = (username: string, password: string) => api.http.post('/api/auth/login').send({ username, password });
  const securityEvents = async (event: string, username: string) =>
    api.db.query(`SELECT detail, actor_id FROM security_events WHERE event = $1 AND (detail->>'username' = $2 OR actor_id = (SELECT id FROM users WHERE username = $2)) ORDER BY id`, [
      event,
      username,
    ]);
  const asDirectoryAdmin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url: slapd.ldapsUrl, tlsOptions: { ca: [readFileSync(slapd.caFile, 'utf8')] } });
    await client.bind(slapd.adminDn, slapd.adminPassword);
    try {
      return await work(client);
    } finally {
      await client.unbind();
    }
  };

  beforeAll(async () => {
    slapd = await startSlapd({ ldif: DIRECTORY, suffix: SUFFIX, readers: [READER], access: [`access to dn.subtree="ou=groups,${SUFFIX}" by users read by * none`] });
    // LDAPS with the run's CA; three wrong passwords per account and address close the pair for the hour.
    api = await startTestApi({ ...directorySettings(slapd, slapd.ldapsUrl), LOGIN_MAX_FAILURES_PER_HOUR: '3' });
    const f = api.fixtures;
    await f.unit('BO', undefined, 'Bộ Thông tin và Truyền thông');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('TTRA', 'BO', 'Thanh tra Bộ');
    await f.user('admin1', 'admin', 'BO');
    await f.user('staff_vp', 'staff', 'VP');
    await f.user('chi', 'staff', 'VP');
    await f.user('dung', 'staff', 'VP');
    admin = await api.login('admin1');
    for (const rule of [
      { source: 'group', value: 'leaders', role: 'leader' },
      { source: 'group', value: group('vp-staff'), unitCode: 'VP' },
      { source: 'group', value: 'ttra-staff', unitCode: 'TTRA' },
    ]) {
      const res = await api.http.post('/api/directory/mapping-rules').set(bearer(admin)).send(rule);
      if (res.status !== 201) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  afterAll(async () => {
    await api?.close();
    await slapd?.stop();
  });

  it('creates the user at the first sign-in, with the unit and role the rules give, and records it', async () => {
    const res = await signIn('an', 'an-pass-1');
    expect(res.status).toBe(200);
    const me = await api.http.get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.body).toMatchObject({ username: 'an', fullName: 'Nguyễn Văn An', email: 'an@bo.test', unitCode: 'VP', role: 'staff', signInMethod: 'directory' });
    const leader = await signIn('binh', 'binh-pass-1');
    const binh = await api.http.get('/api/auth/me').set(bearer(leader.body.accessToken));
    expect(binh.body).toMatchObject({ unitCode: 'TTRA', role: 'leader', signInMethod: 'directory' });
    const [created] = await api.db.query(`SELECT detail FROM security_events WHERE event = 'user_created' AND detail->>'userId' = $1`, [me.body.id]);
    expect(created.detail).toMatchObject({ unit: 'VP', role: 'staff', signInMethod: 'directory', source: 'directory' });
    const [login] = await securityEvents('login', 'an');
    expect(login.detail).toMatchObject({ method: 'directory', dn: people('an') });
  });

  it('creates the user once when their first two sign-ins arrive together', async () => {
    const both = await Promise.all([signIn('em', 'em-pass-1'), signIn('em', 'em-pass-1')]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM users WHERE username = 'em'`)).toEqual([{ n: 1 }]);
  });

  it('moves the user when their groups change in the directory, updates the name, and records the change', async () => {
    await asDirectoryAdmin(async (client) => {
      await client.modify(group('vp-staff'), new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [people('an')] }) }));
      await client.modify(group('ttra-staff'), new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [people('an')] }) }));
      await client.modify(people('an'), new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Nguyễn Văn Ân'] }) }));
    });
    const res = await signIn('an', 'an-pass-1');
    expect(res.status).toBe(200);
    const me = await api.http.get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.body).toMatchObject({ unitCode: 'TTRA', fullName: 'Nguyễn Văn Ân', role: 'staff' });
    const changes = await api.db.query(`SELECT actor_id, detail FROM security_events WHERE event = 'user_changed' AND detail->>'userId' = $1`, [me.body.id]);
    expect(changes).toEqual([{ actor_id: null, detail: { userId: me.body.id, unit: 'TTRA', fullName: { from: 'Nguyễn Văn An', to: 'Nguyễn Văn Ân' }, source: 'directory' } }]);
  });

  it('refuses a wrong password with the same answer as a local one, and logs why', async () => {
    const directory = await signIn('an', 'not-the-password');
    const local = await signIn('staff_vp', 'not-the-password');
    expect(directory.status).toBe(401);
    expect(directory.body.message).toBe(local.body.message);
    const unknown = await signIn('nobody', 'whatever-1');
    expect({ status: unknown.status, message: unknown.body.message }).toEqual({ status: 401, message: local.body.message });
    expect((await securityEvents('login_failed', 'an')).map((e: { detail: { reason: string } }) => e.detail.reason)).toEqual(['wrong_password']);
    expect((await securityEvents('login_failed', 'nobody'))[0].detail).toMatchObject({ method: 'directory', reason: 'unknown_user' });
  });

  it('refuses an account locked in the directory even with its right password', async () => {
    const res = await signIn('khoa', 'khoa-pass-1');
    expect(res.status).toBe(401);
    expect((await securityEvents('login_failed', 'khoa'))[0].detail).toMatchObject({ method: 'directory', reason: 'disabled' });
    expect(await api.db.query(`SELECT 1 FROM users WHERE username = 'khoa'`)).toEqual([]);
  });

  it('refuses a directory account that no rule places in a unit, saying so', async () => {
    const res = await signIn('lan', 'lan-pass-1');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('DIRECTORY_NO_MAPPING');
    expect(await api.db.query(`SELECT 1 FROM users WHERE username = 'lan'`)).toEqual([]);
  });

  it('counts wrong directory passwords in the sign-in throttle', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('lan', `wrong-${i}`)).status).toBe(401);
    const refused = await signIn('lan', 'lan-pass-1');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('SIGN_IN_THROTTLED');
  });

  it('keeps a local user local: the directory password of the same username is not accepted', async () => {
    expect((await signIn('chi', 'chi-ldap-pass')).status).toBe(401);
    expect((await signIn('chi', TEST_PASSWORD)).status).toBe(200);
    const [chi] = await api.db.query(`SELECT sign_in_method, full_name FROM users WHERE username = 'chi'`);
    expect(chi).toEqual({ sign_in_method: 'local', full_name: 'Cán bộ chi' });
  });

  it('lets an admin switch a user to the directory, after which their local password is refused', async () => {
    const [dung] = await api.db.query(`SELECT id FROM users WHERE username = 'dung'`);
    expect((await signIn('dung', TEST_PASSWORD)).status).toBe(200);
    const staff = await api.login('staff_vp');
    expect((await api.http.patch(`/api/users/${dung.id}`).set(bearer(staff)).send({ signInMethod: 'directory' })).status).toBe(403);
    // Single sign-on is not configured here: an admin cannot choose it (422, the field named).
    const bad = await api.http.patch(`/api/users/${dung.id}`).set(bearer(admin)).send({ signInMethod: 'oidc' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'signInMethod', rule: 'OIDC_NOT_CONFIGURED' });
    const switched = await api.http.patch(`/api/users/${dung.id}`).set(bearer(admin)).send({ signInMethod: 'directory' });
    expect(switched.status).toBe(200);
    expect(switched.body.signInMethod).toBe('directory');
    expect((await signIn('dung', TEST_PASSWORD)).status).toBe(401);
    expect((await securityEvents('login_failed', 'dung')).at(-1).detail).toMatchObject({ method: 'directory', reason: 'wrong_password' });
    const res = await signIn('dung', 'dung-ldap-pass');
    expect(res.status).toBe(200);
    const me = await api.http.get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.body).toMatchObject({ fullName: 'Hoàng Văn Dũng', email: 'dung@bo.test', unitCode: 'VP' });
  });

  it('keeps the last active local admin local', async () => {
    const [me] = await api.db.query(`SELECT id FROM users WHERE username = 'admin1'`);
    const res = await api.http.patch(`/api/users/${me.id}`).set(bearer(admin)).send({ signInMethod: 'directory' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'signInMethod', rule: 'LAST_LOCAL_ADMIN' })]);
  });

  describe('the mapping rules admin API', () => {
    const count = async () => (await api.db.query(`SELECT count(*)::int AS n FROM directory_mapping_rules`))[0].n;

    it('is for admins only', async () => {
      const staff = await api.login('staff_vp');
      expect((await api.http.get('/api/directory/mapping-rules').set(bearer(staff))).status).toBe(403);
      expect((await api.http.post('/api/directory/mapping-rules').set(bearer(staff)).send({ source: 'group', value: 'x', role: 'admin' })).status).toBe(403);
      expect(await count()).toBe(3);
    });

    it('names every bad field in Vietnamese and writes nothing', async () => {
      const res = await api.http.post('/api/directory/mapping-rules').set(bearer(admin)).send({ source: 'attribute', value: 'VP', unitCode: 'NOPE' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort()).toEqual(['attribute:MAPPING_RULE_ATTRIBUTE', 'unitCode:UNKNOWN_UNIT']);
      expect(res.body.errors[0].message).toMatch(/[ạ-ỹđ]/);
      const empty = await api.http.post('/api/directory/mapping-rules').set(bearer(admin)).send({ source: 'group', value: 'x' });
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'unitCode', rule: 'MAPPING_RULE_EMPTY' })]);
      const shape = await api.http.post('/api/directory/mapping-rules').set(bearer(admin)).send({ source: 'claim', value: '', role: 'king' });
      expect(shape.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['role', 'source', 'value']);
      expect(await count()).toBe(3);
    });

    it('creates, changes, reorders and deletes rules, each recorded, and a rule by attribute places a user', async () => {
      const created = await api.http.post('/api/directory/mapping-rules').set(bearer(admin)).send({ source: 'attribute', attribute: 'departmentNumber', value: 'vp', unitCode: 'VP', role: 'monitor' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ position: 4, unitCode: 'VP', role: 'monitor' });
      const list = (await api.http.get('/api/directory/mapping-rules').set(bearer(admin))).body as Array<{ id: string }>;
      const order = [created.body.id, ...list.map((r) => r.id).filter((id) => id !== created.body.id)];
      expect((await api.http.put('/api/directory/mapping-rules/order').set(bearer(admin)).send({ ids: order.slice(1) })).body.errors[0].rule).toBe('MAPPING_RULE_ORDER');
      const reordered = await api.http.put('/api/directory/mapping-rules/order').set(bearer(admin)).send({ ids: order });
      expect(reordered.body.map((r: { id: string; position: number }) => [r.id, r.position])).toEqual(order.map((id, i) => [id, i + 1]));
      // First now, the attribute rule gives `an` (departmentNumber VP) the unit VP and the role monitor.
      const an = await signIn('an', 'an-pass-1');
      expect((await api.http.get('/api/auth/me').set(bearer(an.body.accessToken))).body).toMatchObject({ unitCode: 'VP', role: 'monitor' });
      const changed = await api.http.patch(`/api/directory/mapping-rules/${created.body.id}`).set(bearer(admin)).send({ role: null });
      expect(changed.body).toMatchObject({ role: null, unitCode: 'VP' });
      expect((await api.http.delete(`/api/directory/mapping-rules/${created.body.id}`).set(bearer(admin))).status).toBe(204);
      const after = (await api.http.get('/api/directory/mapping-rules').set(bearer(admin))).body;
      expect(after.map((r: { position: number }) => r.position)).toEqual([1, 2, 3]);
      const events = await api.db.query(`SELECT event FROM security_events WHERE event LIKE 'directory_rule%' ORDER BY id`);
      expect(events.map((e: { event: string }) => e.event)).toEqual([
        'directory_rule_created',
        'directory_rule_created',
        'directory_rule_created',
        'directory_rule_created',
        'directory_rules_reordered',
        'directory_rule_changed',
        'directory_rule_deleted',
      ]);
    });
  });

  describe('TLS and binding without a service account (the directory client itself)', () => {
    const directory = (settings: Record<string, string>) => new LdapDirectory(loadConfig({ JWT_SECRET: randomBytes(48).toString('base64url'), ...settings }));

    it('signs in over StartTLS with the run’s CA', async () => {
      const answer = await directory(directorySettings(slapd, slapd.ldapUrl, { LDAP_STARTTLS: 'true' })).verify('binh', 'binh-pass-1');
      expect(answer).toMatchObject({ outcome: 'verified', dn: people('binh'), identity: { name: 'Trần Thị Bình', groups: expect.arrayContaining([group('leaders')]) } });
    });

    it('refuses a server whose certificate another CA signed, over LDAPS and StartTLS', async () => {
      for (const settings of [
        directorySettings(slapd, slapd.ldapsUrl, { LDAP_CA_FILE: slapd.otherCaFile }),
        directorySettings(slapd, slapd.ldapUrl, { LDAP_CA_FILE: slapd.otherCaFile, LDAP_STARTTLS: 'true' }),
      ]) {
        const answer = await directory(settings).verify('binh', 'binh-pass-1');
        expect(answer.outcome).toBe('unavailable');
        expect((answer as { reason: string }).reason).toMatch(/CERT|SIGN|certificate/i);
      }
    });

    it('binds as the DN made from LDAP_USER_DN_TEMPLATE, reads the entry as the user, and escapes the username', async () => {
      const settings = { LDAP_URL: slapd.ldapsUrl, LDAP_CA_FILE: slapd.caFile, LDAP_USER_DN_TEMPLATE: `uid={username},ou=people,${SUFFIX}`, LDAP_GROUP_BASE: `ou=groups,${SUFFIX}` };
      expect(await directory(settings).verify('binh', 'binh-pass-1')).toMatchObject({ outcome: 'verified', identity: { email: 'binh@bo.test', groups: expect.arrayContaining([group('ttra-staff')]) } });
      expect(await directory(settings).verify('binh', 'wrong')).toEqual({ outcome: 'refused', reason: 'wrong_password' });
      expect(await directory(settings).verify('khoa', 'khoa-pass-1')).toEqual({ outcome: 'refused', reason: 'wrong_password' });
      expect(await directory(settings).verify('binh,ou=people', 'binh-pass-1')).toEqual({ outcome: 'refused', reason: 'wrong_password' });
      // An empty password would be an unauthenticated bind, which LDAP answers with success (RFC 4513 §5.1.2).
      expect(await directory(settings).verify('binh', '')).toEqual({ outcome: 'refused', reason: 'wrong_password' });
    });

    it('refuses an account Active Directory marks disabled (userAccountControl bit 0x2) with LDAP_ACCOUNT_DISABLED=ad', async () => {
      const ad = directory(directorySettings(slapd, slapd.ldapsUrl, { LDAP_ACCOUNT_DISABLED: 'ad' }));
      expect(await ad.verify('hoa', 'hoa-pass-1')).toEqual({ outcome: 'refused', reason: 'disabled' });
      expect(await ad.verify('hai', 'hai-pass-1')).toMatchObject({ outcome: 'verified', identity: { name: 'Ngô Văn Hải' } });
      // The setting decides: under ppolicy the AD flag means nothing.
      expect(await directory(directorySettings(slapd, slapd.ldapsUrl)).verify('hoa', 'hoa-pass-1')).toMatchObject({ outcome: 'verified' });
    });

    it('says the directory is unavailable, not that the password is wrong, when the service account is refused', async () => {
      const answer = await directory(directorySettings(slapd, slapd.ldapsUrl, { LDAP_BIND_PASSWORD: 'not-the-service-password' })).verify('binh', 'binh-pass-1');
      expect(answer).toEqual({ outcome: 'unavailable', reason: 'service_account_refused' });
    });

    it('does not let a filter in the username widen the search', async () => {
      expect(await directory(directorySettings(slapd, slapd.ldapsUrl)).verify('*', 'binh-pass-1')).toEqual({ outcome: 'refused', reason: 'unknown_user' });
    });
  });

  describe('without a directory (LDAP_URL unset)', () => {
    let plain: TestApi;
    beforeAll(async () => {
      plain = await startTestApi();
      await plain.fixtures.unit('BO');
      await plain.fixtures.user('admin1', 'admin', 'BO');
      await plain.fixtures.user('tuan', 'staff', 'BO');
    });
    afterAll(() => plain?.close());

    it('refuses to make anyone a directory user, and a directory user’s local password is still refused', async () => {
      const [tuan] = await plain.db.query(`SELECT id FROM users WHERE username = 'tuan'`);
      const res = await plain.http.patch(`/api/users/${tuan.id}`).set(bearer(await plain.login('admin1'))).send({ signInMethod: 'directory' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'signInMethod', rule: 'DIRECTORY_NOT_CONFIGURED' })]);
      // A user left as `directory` when the directory setting was removed signs in by no path.
      await plain.db.query(`UPDATE users SET sign_in_method = 'directory' WHERE id = $1`, [tuan.id]);
      expect((await plain.http.post('/api/auth/login').send({ username: 'tuan', password: TEST_PASSWORD })).status).toBe(401);
      const [failed] = await plain.db.query(`SELECT detail FROM security_events WHERE event = 'login_failed' AND detail->>'username' = 'tuan'`);
      expect(failed.detail).toMatchObject({ reason: 'not_a_local_user' });
    });
  });

  // Last: the directory stops for good.
  it('when the directory is down, a directory user gets a clear 503 and the local admin still signs in', async () => {
    await slapd.stop();
    const res = await signIn('binh', 'binh-pass-1');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('DIRECTORY_UNAVAILABLE');
    expect(res.body.message).toMatch(/thư mục/);
    expect((await securityEvents('login_failed', 'binh')).at(-1).detail).toMatchObject({ method: 'directory', reason: 'directory_unavailable' });
    expect((await signIn('admin1', TEST_PASSWORD)).status).toBe(200);
  });
});
