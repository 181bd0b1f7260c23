import fc from 'fast-check';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * Every write endpoint gets malformed, oversized, deeply nested and wrongly typed bodies. None may answer 5xx,
 * and when the input is refused (400, 413, 415, 422) nothing may have been written.
 */
describe('bad input never causes a 5xx or a write', () => {
  let api: TestApi;
  let admin: string;
  let taskId: string;
  let extensionId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO');
    await f.user('admin1', 'admin', 'BO');
    await f.user('staff1', 'staff', 'VP');
    taskId = await f.task({ leadUnit: 'VP', assignee: 'staff1', assignedBy: 'admin1', pendingExtensionBy: 'staff1' });
    [{ id: extensionId }] = await api.db.query(`SELECT id FROM task_extensions`);
    admin = await api.login('admin1');
  });
  afterAll(() => api.close());

  /** A fingerprint of everything users enter: any write changes it. */
  const fingerprint = async (): Promise<string> => {
    const tables = ['units', 'users', 'tasks', 'task_coordinating_units', 'task_progress_notes', 'task_completions', 'task_cancellations', 'task_extensions', 'task_history', 'source_documents', 'holidays', 'refresh_tokens'];
    const parts = await Promise.all(tables.map((t) => api.db.query(`SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM ${t} x`)));
    return parts.map((p) => p[0].h).join(':');
  };

  const endpoints: Array<{ method: 'post' | 'patch'; path: () => string; fields: string[] }> = [
    { method: 'post', path: () => '/api/auth/refresh', fields: ['refreshToken'] },
    { method: 'post', path: () => '/api/auth/logout', fields: ['refreshToken'] },
    { method: 'post', path: () => '/api/auth/change-password', fields: ['currentPassword', 'newPassword'] },
    { method: 'post', path: () => '/api/units', fields: ['code', 'name', 'kind', 'parentCode'] },
    { method: 'patch', path: () => '/api/units/VP', fields: ['name', 'kind', 'parentCode', 'active'] },
    { method: 'post', path: () => '/api/users', fields: ['username', 'fullName', 'password', 'role', 'unitCode', 'email'] },
    { method: 'patch', path: () => `/api/users/${api.fixtures.userId('staff1')}`, fields: ['fullName', 'role', 'unitCode', 'active', 'email', 'password'] },
    { method: 'post', path: () => '/api/tasks', fields: ['code', 'title', 'description', 'leadUnitCode', 'coordinatingUnitCodes', 'assigneeId', 'assignedOn', 'deadline', 'priority', 'isKeyTask'] },
    { method: 'patch', path: () => `/api/tasks/${taskId}`, fields: ['version', 'title', 'deadline', 'assigneeId', 'leadUnitCode', 'coordinatingUnitCodes', 'isKeyTask'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/progress`, fields: ['version', 'percent', 'note'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/complete`, fields: ['version', 'result'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/return`, fields: ['version', 'reason'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/reopen`, fields: ['version', 'reason'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/cancel`, fields: ['version', 'reason'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/extensions`, fields: ['newDeadline', 'reason'] },
    { method: 'post', path: () => `/api/tasks/${taskId}/extensions/${extensionId}/decision`, fields: ['approve', 'note'] },
    { method: 'post', path: () => '/api/source-documents', fields: ['number', 'type', 'title', 'issuedOn', 'issuer'] },
    { method: 'post', path: () => '/api/holidays', fields: ['date', 'name'] },
    { method: 'post', path: () => '/api/holidays/working-days', fields: ['date', 'name'] },
  ];

  const deep = fc.integer({ min: 20, max: 3000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)));
  const deepObject = fc.integer({ min: 20, max: 500 }).map((n) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { title: v };
    return v;
  });
  const wrongTypes = (fields: string[]) =>
    fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'extra'), fc.oneof(fc.anything(), fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxKeys: 8 });
  const bodies = (fields: string[]) =>
    fc.oneof(
      fc.anything(),
      wrongTypes(fields),
      deep,
      deepObject,
      fc.constant({ title: 'x'.repeat(300_000) }),
      fc.array(wrongTypes(fields), { maxLength: 3 }),
    );
  const rawBodies = fc.oneof(fc.string(), fc.constantFrom('{', '{"title":', 'null', '"x"', '[]', '{"a":1}}', '\u0000', '{"version":1e999}'));

  it.each(endpoints.map((e) => [`${e.method.toUpperCase()} ${e.path.toString().replace(/^\(\) => /, '').replace(/[`']/g, '')}`, e]))('%s with random JSON bodies', async (_name, endpoint) => {
    await fc.assert(
      fc.asyncProperty(bodies(endpoint.fields), async (body) => {
        const before = await fingerprint();
        const res = await api.http[endpoint.method](endpoint.path()).set(bearer(admin)).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.body).toHaveProperty('correlationId');
        if ([400, 413, 415, 422].includes(res.status)) expect(await fingerprint()).toBe(before);
      }),
      { numRuns: 25 },
    );
  });

  it.each(endpoints.map((e) => [`${e.method.toUpperCase()} ${e.path.toString().replace(/^\(\) => /, '').replace(/[`']/g, '')}`, e]))('%s with malformed raw bodies', async (_name, endpoint) => {
    await fc.assert(
      fc.asyncProperty(rawBodies, async (raw) => {
        const before = await fingerprint();
        const res = await api.http[endpoint.method](endpoint.path()).set(bearer(admin)).set('Content-Type', 'application/json').send(raw);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(await fingerprint()).toBe(before);
      }),
      { numRuns: 10 },
    );
  });

  it('a body over the size limit is 413 in the one error shape', async () => {
    const res = await api.http.post('/api/tasks').set(bearer(admin)).send({ title: 'x', description: 'x'.repeat(400_000), leadUnitCode: 'VP' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('a deeply nested body is 400 naming the body', async () => {
    const res = await api.http.post('/api/tasks').set(bearer(admin)).set('Content-Type', 'application/json').send('['.repeat(5000) + ']'.repeat(5000));
    expect(res.status).toBe(400);
  });
  /**
   * The text rule (libs/server/core/src/lib/input-text.ts): text PostgreSQL cannot store (NUL, lone surrogates) is a
   * 400 naming the field, in bodies, queries, paths and the unauthenticated sign-in body; nothing is written. Before
   * the rule, a NUL reached PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00") and answered 500.
   */
  describe('text PostgreSQL cannot store', () => {
    const NUL = 'a\u0000b';
    const refusedFields = (res: { status: number; body: { code?: string; errors?: Array<{ field: string; rule?: string }> } }) => {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      return (res.body.errors ?? []).map((e) => `${e.field} ${e.rule}`);
    };

    it.each(endpoints.map((e) => [`${e.method.toUpperCase()} ${e.path.toString().replace(/^\(\) => /, '').replace(/[`']/g, '')}`, e]))(
      '%s: a NUL in any field is 400 naming it, nothing written',
      async (_name, endpoint) => {
        for (const field of endpoint.fields) {
          const before = await fingerprint();
          const res = await api.http[endpoint.method](endpoint.path()).set(bearer(admin)).send({ [field]: NUL });
          expect(refusedFields(res)).toContain(`${field} noNulCharacter`);
          expect(await fingerprint()).toBe(before);
        }
      },
    );

    it('names the element of a list and the key of an object', async () => {
      const before = await fingerprint();
      const res = await api.http
        .post('/api/tasks')
        .set(bearer(admin))
        .send({ title: 'Báo cáo', leadUnitCode: 'VP', coordinatingUnitCodes: ['BO', 'V\u0000P'], ['ti\u0000tle']: 'x' });
      expect(refusedFields(res)).toEqual(expect.arrayContaining(['coordinatingUnitCodes[1] noNulCharacter', 'ti\u0000tle noNulCharacter']));
      expect(await fingerprint()).toBe(before);
    });

    it('a lone surrogate is 400 naming the field', async () => {
      const before = await fingerprint();
      const res = await api.http.post('/api/tasks').set(bearer(admin)).set('Content-Type', 'application/json').send('{"title":"B\\ud800o c\\udc00o","leadUnitCode":"VP"}');
      expect(refusedFields(res)).toEqual(['title noLoneSurrogate']);
      expect(res.body.errors[0].message).toMatch(/Unicode/);
      expect(await fingerprint()).toBe(before);
    });

    /** Sends a Buffer as the body's bytes (superagent would serialise it as JSON). */
    const asBytes = (body: unknown) => body as string;

    it('bytes that are not UTF-8 in a JSON body are 400 naming the field, not stored as U+FFFD', async () => {
      const before = await fingerprint();
      const body = Buffer.concat([Buffer.from('{"title":"B'), Buffer.from([0xe1, 0x6f]), Buffer.from(' c\xff o","leadUnitCode":"VP"}', 'latin1')]);
      const res = await api.http.post('/api/tasks').set(bearer(admin)).set('Content-Type', 'application/json').serialize(asBytes).send(body);
      expect(refusedFields(res)).toEqual(['title invalidUtf8']);
      expect(await fingerprint()).toBe(before);
      const signIn = await api.http.post('/api/auth/login').set('Content-Type', 'application/json').serialize(asBytes).send(Buffer.from('{"username":"admin","password":"\xe9t\xe9"}', 'latin1'));
      expect(refusedFields(signIn)).toEqual(['password invalidUtf8']);
      // A body in Windows-1258 (Vietnamese): é is 0xE9 there, not UTF-8.
      const form = await api.http.post('/api/auth/login').set('Content-Type', 'application/x-www-form-urlencoded').serialize(asBytes).send(Buffer.from('username=admin&password=m\xe9t', 'latin1'));
      expect(refusedFields(form)).toEqual(['password invalidUtf8']);
      // Percent-encoded bytes of a form body are decoded as UTF-8 too: not kept as literal text.
      const encoded = await api.http.post('/api/tasks').set(bearer(admin)).set('Content-Type', 'application/x-www-form-urlencoded').send('title=Bao%20cao%20h%FFng&leadUnitCode=VP');
      expect(refusedFields(encoded)).toEqual(['title invalidUtf8']);
      const surrogate = await api.http.post('/api/auth/login').set('Content-Type', 'application/x-www-form-urlencoded').send('username=admin%ED%A0%80&password=x');
      expect(refusedFields(surrogate)).toEqual(['username invalidUtf8']);
      expect(await fingerprint()).toBe(before);
    });

    it.each([
      ['/api/tasks?q=%FF', 'q'],
      ['/api/tasks?q=B%E1o%20c%E1o', 'q'],
      ['/api/users?q=ok&unit=%C3', 'unit'],
      ['/api/units?q=%ED%A0%80', 'q'],
    ])('GET %s: percent-encoded bytes that are not UTF-8 are 400 naming the parameter', async (path, param) => {
      const res = await api.http.get(path).set(bearer(admin));
      expect(refusedFields(res)).toEqual([`${param} invalidUtf8`]);
    });

    it('percent-encoded UTF-8 in a query is searched as typed', async () => {
      const res = await api.http.get('/api/tasks?q=B%C3%A1o%20c%C3%A1o').set(bearer(admin));
      expect(res.status).toBe(200);
    });

    it.each([
      ['/api/tasks', 'q'],
      ['/api/tasks', 'unit'],
      ['/api/tasks', 'status'],
      ['/api/users', 'q'],
      ['/api/users', 'unit'],
      ['/api/units', 'q'],
      ['/api/source-documents', 'q'],
      ['/api/reports/briefing?month=2026-11', 'unit'],
      ['/api/reports/trend?from=2026-01&to=2026-11', 'unit'],
    ])('GET %s with a NUL in ?%s= is 400 naming it', async (path, param) => {
      const res = await api.http.get(`${path}${path.includes('?') ? '&' : '?'}${param}=x%00y`).set(bearer(admin));
      expect(refusedFields(res)).toEqual([`${param} noNulCharacter`]);
    });

    it.each([
      ['get', '/api/tasks/%00', 'id', undefined],
      ['get', '/api/tasks/0a%00/history', 'id', undefined],
      ['post', '/api/tasks/0a%00/progress', 'id', { version: 1, percent: 10 }],
      ['get', '/api/users/%00', 'id', undefined],
      ['get', '/api/units/V%00P', 'code', undefined],
      ['patch', '/api/units/V%00P', 'code', { name: 'Văn phòng' }],
      ['delete', '/api/holidays/2026-01-01%00', 'date', undefined],
      ['get', '/api/source-documents/%00', 'id', undefined],
    ] as const)('%s %s: a NUL in the path is 400 naming the parameter', async (method, path, param, body) => {
      const before = await fingerprint();
      const res = await api.http[method](path).set(bearer(admin)).send(body);
      expect(refusedFields(res)).toEqual([`${param} noNulCharacter`]);
      expect(await fingerprint()).toBe(before);
    });

    it('the unauthenticated sign-in body: 400 naming the field, no attempt counted or recorded', async () => {
      const signInTables = ['security_events', 'login_attempts', 'sign_in_throttle', 'refresh_tokens'];
      const counts = async () => {
        const present: Array<{ t: string }> = await api.db.query(`SELECT t FROM unnest($1::text[]) t WHERE to_regclass(t) IS NOT NULL`, [signInTables]);
        const rows = await Promise.all(present.map(({ t }) => api.db.query(`SELECT count(*)::int AS n FROM ${t}`)));
        return rows.map((r, i) => `${present[i].t}=${r[0].n}`).join(',');
      };
      const before = await counts();
      const cases: Array<[Record<string, string>, string, string]> = [
        [{ username: 'admin1\u0000', password: 'x' }, 'username', 'noNulCharacter'],
        [{ username: 'admin1', password: 'Mat\u0000khau' }, 'password', 'noNulCharacter'],
        [{ username: 'admin1\ud800', password: 'x' }, 'username', 'noLoneSurrogate'],
      ];
      for (const [body, field, rule] of cases) {
        expect(refusedFields(await api.http.post('/api/auth/login').send(body))).toEqual([`${field} ${rule}`]);
      }
      expect(await counts()).toBe(before);
    });

    it('a multipart field (parsed after the middleware, by the route) is decided too', async () => {
      const before = await fingerprint();
      const res = await api.http
        .post('/api/tasks/import')
        .set(bearer(admin))
        .field('confirmedDocuments', '["01/CT\u0000"]')
        .attach('file', Buffer.from('code,title\n', 'utf8'), 'so-theo-doi.csv');
      expect(refusedFields(res)).toEqual(['confirmedDocuments noNulCharacter']);
      expect(await fingerprint()).toBe(before);
    });

    it('decomposed (NFD) text in a body is stored in NFC', async () => {
      const res = await api.http.post('/api/source-documents').set(bearer(admin)).send({ number: '7/QĐ-VP'.normalize('NFD'), title: 'Quyết định về việc báo cáo'.normalize('NFD') });
      expect(res.status).toBe(201);
      const [row] = await api.db.query(`SELECT number, title FROM source_documents WHERE id = $1`, [res.body.id]);
      expect(row).toEqual({ number: '7/QĐ-VP'.normalize('NFC'), title: 'Quyết định về việc báo cáo'.normalize('NFC') });
      expect(row.title).not.toBe('Quyết định về việc báo cáo'.normalize('NFD'));
    });
  });
});
