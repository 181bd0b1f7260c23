import fc from 'fast-check';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { connect } from 'node:net';
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

  it('a body of a type the API does not read (text/plain, XML) is 415 saying so, not 400 "title is missing"; nothing is written', async () => {
    const before = await fingerprint();
    for (const type of ['text/plain', 'application/xml', 'text/csv; charset=utf-8']) {
      const res = await api.http.post('/api/tasks').set(bearer(admin)).set('Content-Type', type).send('{"title":"x","leadUnitCode":"VP"}');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('JSON') });
    }
    // A body-less request with a stray Content-Type is not refused for it.
    expect((await api.http.post('/api/notifications/read-all').set(bearer(admin)).set('Content-Type', 'text/plain')).status).toBe(200);
    expect(await fingerprint()).toBe(before);
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

  /**
   * Found by an independent tester: text and dates that reach the database or the date arithmetic by another way than
   * the body, query or path parameters (a saved filter's own query string, a multipart field's JSON, a path that is
   * not UTF-8, a file name), or values the pattern allowed but the calendar cannot hold (year 0000 or 9999).
   */
  describe('text and dates that arrive by other ways', () => {
    const fields = (res: { status: number; body: { code?: string; errors?: Array<{ field: string; rule?: string }> } }) => {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      return (res.body.errors ?? []).map((e) => `${e.field} ${e.rule}`);
    };
    const savedFilters = async () => (await api.db.query(`SELECT count(*)::int AS n FROM saved_filters`))[0].n;

    it.each([
      ['unit=%00', 'query.unit noNulCharacter'],
      ['status=open&q=a%00b', 'query.q noNulCharacter'],
      ['q=%FF', 'query.q invalidUtf8'],
      ['q=%ED%A0%80', 'query.q invalidUtf8'],
      ['unit=VP&q=B%E1o', 'query.q invalidUtf8'],
    ])('a saved filter whose query %s decodes to text the list refuses is 400 naming it, nothing saved', async (query, expected) => {
      const before = await savedFilters();
      const res = await api.http.post('/api/me/saved-filters').set(bearer(admin)).send({ name: 'f', query });
      expect(fields(res)).toEqual([expected]);
      expect(await savedFilters()).toBe(before);
    });

    it.each([
      ['/api/tasks?period=9999-12', 'period'],
      ['/api/tasks?period=0000-01', 'period'],
      ['/api/tasks?deadlineFrom=0001-01-01', 'deadlineFrom'],
      ['/api/tasks?periodFrom=9999-12-01&periodTo=9999-12-31', 'periodFrom'],
      ['/api/reports/briefing?month=9999-12&compare=previous-year', 'month'],
      ['/api/reports/briefing?month=1899-12', 'month'],
      ['/api/reports/briefing/export?month=9999-12&format=docx', 'month'],
      ['/api/reports/key-tasks?month=9999-12', 'month'],
      ['/api/reports/trend?from=0000-01&to=0004-12', 'from'],
      ['/api/reports/ranking?month=0000-01', 'month'],
      ['/api/reports/briefing?from=0001-01-01&to=2026-01-31', 'from'],
      ['/api/admin/security-events?from=9999-12-31', 'from'],
    ])('GET %s: a month or day outside 1900–2999 is 400 naming %s', async (path, field) => {
      const res = await api.http.get(path).set(bearer(admin));
      expect(fields(res)).toContain(`${field} ${/\d{4}-\d{2}-\d{2}/.test(path.split(`${field}=`)[1] ?? '') ? 'isLocalDate' : 'isYearMonth'}`);
      const error = res.body.errors.find((e: { field: string }) => e.field === field);
      expect(error.message).toMatch(/1900.*2999/);
    });

    it.each(['/api/reports/briefing?month=1900-01&compare=previous-year', '/api/reports/briefing?month=2999-12&compare=previous-year', '/api/reports/key-tasks?month=2999-12', '/api/tasks?period=2999-12', '/api/reports/trend?from=1900-01&to=1900-03'])(
      'GET %s: the edges of the range are answered',
      async (path) => {
        const res = await api.http.get(path).set(bearer(admin));
        expect(res.status).toBe(200);
      },
    );

    it.each([
      ['post', (): string => '/api/tasks', { title: 'Báo cáo', leadUnitCode: 'VP', deadline: '9999-12-31' }, 'deadline'],
      ['post', (): string => '/api/tasks', { title: 'Báo cáo', leadUnitCode: 'VP', deadline: '0001-01-01' }, 'deadline'],
      ['post', (): string => `/api/tasks/${taskId}/extensions`, { newDeadline: '9999-12-31', reason: 'Cần thêm thời gian' }, 'newDeadline'],
      ['post', (): string => '/api/holidays', { date: '9999-01-01', name: 'Nghỉ' }, 'date'],
      ['post', (): string => '/api/source-documents', { number: '8/QĐ-VP', title: 'Quyết định', issuedOn: '0001-01-01' }, 'issuedOn'],
    ] as const)('%s a body with a day outside 1900–2999 is 400 naming it, nothing written', async (method, path, body, field) => {
      const before = await fingerprint();
      const res = await api.http[method](path()).set(bearer(admin)).send(body);
      expect(fields(res)).toContain(`${field} isLocalDate`);
      expect(res.body.errors.find((e: { field: string }) => e.field === field).message).toMatch(/1900.*2999/);
      expect(await fingerprint()).toBe(before);
    });

    it('an imported day outside 1900–2999 is a bad cell naming the range, nothing written', async () => {
      const before = await fingerprint();
      const csv = 'code,title,lead_unit,assignee,assigned_on,due_on,completed_on,source_document,key_task\r\nN-9,Báo cáo,VP,,2026-11-02,9999-12-31,,,\r\nN-10,Báo cáo,VP,,0001-01-01,,,,\r\n';
      const res = await api.http.post('/api/tasks/import?dryRun=true').set(bearer(admin)).attach('file', Buffer.from(csv, 'utf8'), 'so-theo-doi.csv');
      expect(res.status).toBe(422);
      const cells = res.body.errors.filter((e: { rule: string }) => e.rule === 'isLocalDate');
      expect(cells.map((e: { row: number }) => e.row)).toEqual([2, 3]);
      for (const e of cells) expect(e.message).toMatch(/1900.*2999/);
      expect(await fingerprint()).toBe(before);
    });

    it.each(['/api/tasks/%ED%A0%80', '/api/tasks/%FF', '/api/units/V%C3', '/api/tasks/0a%FF/history'])('GET %s: a path that is not UTF-8 is 400 naming the path', async (path) => {
      const res = await api.http.get(path).set(bearer(admin));
      expect(fields(res)).toEqual(['path invalidUtf8']);
      expect(res.body.errors[0].message).toMatch(/UTF-8/);
    });

    /**
     * Sends `raw` bytes on a socket of their own to the API (listening on a free port for the occasion) and reads the
     * whole answer: what Node's parser refuses never reaches supertest's well-formed requests.
     */
    const rawRequest = async (raw: Buffer): Promise<{ status: number; headers: string; body: string }> => {
      const server = api.app.getHttpServer() as import('node:http').Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as import('node:net').AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(raw));
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      const [head, ...rest] = answer.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') };
    };

    it.each([
      ['a raw byte 0xFF in the query (not percent-encoded)', Buffer.concat([Buffer.from('GET /api/tasks?q='), Buffer.from([0xff]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]), 400, 'BAD_REQUEST'],
      ['a control byte in the path', Buffer.from('GET /api/ta\x01sks HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'), 400, 'BAD_REQUEST'],
      ['a malformed header line', Buffer.from('GET /api/tasks HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n'), 400, 'BAD_REQUEST'],
      ['headers over Node\'s 16 KB', Buffer.from(`GET /api/tasks HTTP/1.1\r\nHost: x\r\nCookie: a=${'x'.repeat(20_000)}\r\n\r\n`), 431, 'HEADERS_TOO_LARGE'],
    ])('%s: refused by the HTTP parser, answered in the one error format, in Vietnamese', async (_name, raw, status, code) => {
      const res = await rawRequest(raw);
      expect(res.status).toBe(status);
      expect(res.headers).toMatch(/^content-type: application\/json; charset=utf-8$/im);
      const body = JSON.parse(res.body);
      expect(body).toEqual({ statusCode: status, code, message: expect.stringMatching(VIETNAMESE_LETTER), correlationId: expect.any(String) });
    });

    it('a path that is not UTF-8 is refused before any route: unknown routes and public ones too', async () => {
      expect(fields(await api.http.get('/api/no-such-route/%FF'))).toEqual(['path invalidUtf8']);
      expect(fields(await api.http.post('/api/auth/login%FF').send({ username: 'admin1', password: 'x' }))).toEqual(['path invalidUtf8']);
    });

    it.each([
      ['["NEW-77\\u0000"]', 'confirmedDocuments[0] noNulCharacter', false],
      ['["NEW-77","\\u0000"]', 'confirmedDocuments[1] noNulCharacter', true],
      ['["NEW-77","\\ud800"]', 'confirmedDocuments[1] noLoneSurrogate', true],
    ])('the import form field confirmedDocuments=%s decodes to text the rule refuses: 400 naming it', async (confirmed, expected, dryRun) => {
      const before = await fingerprint();
      const csv = 'code,title,lead_unit,assignee,assigned_on,due_on,completed_on,source_document,key_task\r\nNEW-1,Báo cáo,VP,,2026-11-02,2026-11-30,,NEW-77,0\r\n';
      const res = await api.http
        .post(`/api/tasks/import${dryRun ? '?dryRun=true' : ''}`)
        .set(bearer(admin))
        .field('confirmedDocuments', confirmed)
        .attach('file', Buffer.from(csv, 'utf8'), 'so-theo-doi.csv');
      expect(fields(res)).toEqual([expected]);
      expect(await fingerprint()).toBe(before);
    });

    it.each(['a\u0001b.pdf', 'a\u001fb.pdf', 'a\u007fb.pdf', 'a\u0000b.pdf', 'a\u0009b.pdf', 'a\u202eb.pdf'])(
      'an attachment named %j is refused as a bad file name, nothing stored',
      async (name) => {
        const [{ n: before }] = await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`);
        const res = await api.http.post(`/api/tasks/${taskId}/attachments`).set(bearer(admin)).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: name, contentType: 'application/pdf' });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'ATTACHMENT_NAME_INVALID' })]);
        const [{ n: after }] = await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`);
        expect(after).toBe(before);
      },
    );

    it.each(['a\u0000b.csv', 'a\u0001b.csv', 'a\u0009b.csv', 'a\u202eb.csv'])('an import file named %j is refused with a file-name message', async (name) => {
      const before = await fingerprint();
      const csv = 'code,title,lead_unit\r\nN-2,Báo cáo,VP\r\n';
      const res = await api.http.post('/api/tasks/import?dryRun=true').set(bearer(admin)).attach('file', Buffer.from(csv, 'utf8'), { filename: name, contentType: 'text/csv' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'ATTACHMENT_NAME_INVALID' })]);
      expect(res.body.errors[0].message).toMatch(/Tên tệp/);
      expect(await fingerprint()).toBe(before);
    });

    it('an unknown kind of security event is 400 naming kind, with the kinds listed', async () => {
      const res = await api.http.get('/api/admin/security-events?kind=nonsense').set(bearer(admin));
      expect(fields(res)).toEqual(['kind isIn']);
      expect(res.body.errors[0].message).toMatch(/login.*object_hidden|object_hidden.*login/);
      expect((await api.http.get('/api/admin/security-events?kind=login').set(bearer(admin))).status).toBe(200);
    });
  });
});
