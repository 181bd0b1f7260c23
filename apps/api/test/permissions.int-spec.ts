import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { Role } from '@tiendo/contracts';
import type { TaskFixture } from '@tiendo/server-testing';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'superagent';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * Who may do what to which task, as one table: role × action × scope → expected HTTP status. A change here is a
 * change of who can reach the ministry's data: review it as a permission change.
 *
 * The unit tree: BO ─┬─ KHOI_A ─┬─ DEPT ── SUB        (every caller sits in DEPT)
 *                    │          └─ SIB
 *                    └─ KHOI_B ─── OTHER
 */
const SCOPES = ['own', 'own_unit', 'sub_unit', 'parent', 'sibling', 'other_block', 'coordinating'] as const;
type Scope = (typeof SCOPES)[number];
const ACTIONS = [
  'read',
  'history',
  'update',
  'progress',
  'complete',
  'cancel',
  'return',
  'reopen',
  'request_extension',
  'decide_extension',
  // The work around a task: whoever may read the task may read its thread, files, sub-tasks and followers, comment
  // on it and follow it.
  'comments',
  'comment',
  'timeline',
  'files',
  'sub_tasks',
  'watchers',
  'follow',
  'unfollow',
] as const;
const READER_ACTIONS: readonly Action[] = ['read', 'history', 'comments', 'comment', 'timeline', 'files', 'sub_tasks', 'watchers', 'follow', 'unfollow'];
type Action = (typeof ACTIONS)[number];
const ROLES: Role[] = ['admin', 'leader', 'monitor', 'unit_head', 'staff'];
/** Lead units an API token of DEPT tries to assign to: its own, its sub-unit, and one outside. */
const TARGETS_FOR_TOKENS = ['DEPT', 'SUB', 'OTHER'];

const OK = 'ok';
type Expected = typeof OK | 403 | 404;

function expected(role: Role, action: Action, scope: Scope): Expected {
  if (role === 'admin' || role === 'leader' || role === 'monitor') return OK;
  const reads = READER_ACTIONS.includes(action);
  const works = action === 'progress' || action === 'complete' || action === 'request_extension';
  if (role === 'unit_head') {
    if (scope === 'own' || scope === 'own_unit' || scope === 'sub_unit') return OK;
    if (scope === 'coordinating') return reads ? OK : 403;
    return 404;
  }
  // staff
  if (scope === 'own') return reads || works ? OK : 403;
  if (scope === 'own_unit' || scope === 'coordinating') return reads ? OK : 403;
  return 404;
}

const LEAD: Record<Scope, string> = {
  own: 'DEPT',
  own_unit: 'DEPT',
  sub_unit: 'SUB',
  parent: 'KHOI_A',
  sibling: 'SIB',
  other_block: 'OTHER',
  coordinating: 'OTHER',
};
const ASSIGNEE: Record<Exclude<Scope, 'own'>, string> = {
  own_unit: 'colleague',
  sub_unit: 'sub_staff',
  parent: 'parent_staff',
  sibling: 'sib_staff',
  other_block: 'other_staff',
  coordinating: 'other_staff',
};

/** The state the action needs, and the request that performs it. */
const STATE: Partial<Record<Action, Partial<TaskFixture>>> = {
  return: { state: 'completed' },
  reopen: { state: 'cancelled' },
  decide_extension: { pendingExtensionBy: 'requester' },
};

/** The tree of the table above, a caller of each role in DEPT, and a staff member in SUB and in OTHER. */
async function buildTree(api: TestApi): Promise<void> {
  const f = api.fixtures;
  await f.unit('BO');
  await f.unit('KHOI_A', 'BO');
  await f.unit('DEPT', 'KHOI_A');
  await f.unit('SUB', 'DEPT');
  await f.unit('SIB', 'KHOI_A');
  await f.unit('KHOI_B', 'BO');
  await f.unit('OTHER', 'KHOI_B');
  for (const role of ROLES) await f.user(`${role}_u`, role, 'DEPT');
  await f.user('sub_staff', 'staff', 'SUB');
  await f.user('other_staff', 'staff', 'OTHER');
  await f.user('assigner', 'monitor', 'BO');
}

describe('permissions: role × action × scope', () => {
  let api: TestApi;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    api = await startTestApi();
    await buildTree(api);
    const f = api.fixtures;
    await f.user('colleague', 'staff', 'DEPT');
    await f.user('parent_staff', 'staff', 'KHOI_A');
    await f.user('sib_staff', 'staff', 'SIB');
    await f.user('requester', 'staff', 'BO');
    for (const role of ROLES) tokens.set(role, await api.login(`${role}_u`));
  });
  afterAll(() => api.close());

  async function perform(role: Role, action: Action, scope: Scope, token: string | null): Promise<number> {
    const id = await api.fixtures.task({
      leadUnit: LEAD[scope],
      assignee: scope === 'own' ? `${role}_u` : ASSIGNEE[scope],
      coordinating: scope === 'coordinating' ? ['DEPT'] : [],
      assignedBy: 'assigner',
      ...STATE[action],
    });
    const auth = token ? bearer(token) : {};
    const http = api.http;
    switch (action) {
      case 'read':
        return (await http.get(`/api/tasks/${id}`).set(auth)).status;
      case 'history':
        return (await http.get(`/api/tasks/${id}/history`).set(auth)).status;
      case 'update':
        return (await http.patch(`/api/tasks/${id}`).set(auth).send({ version: 1, title: 'Đổi tên' })).status;
      case 'progress':
        return (await http.post(`/api/tasks/${id}/progress`).set(auth).send({ version: 1, percent: 50, note: 'Đang làm' })).status;
      case 'complete':
        return (await http.post(`/api/tasks/${id}/complete`).set(auth).send({ version: 1, result: 'Xong' })).status;
      case 'cancel':
        return (await http.post(`/api/tasks/${id}/cancel`).set(auth).send({ version: 1, reason: 'Huỷ' })).status;
      case 'return':
        return (await http.post(`/api/tasks/${id}/return`).set(auth).send({ version: 1, reason: 'Làm lại' })).status;
      case 'reopen':
        return (await http.post(`/api/tasks/${id}/reopen`).set(auth).send({ version: 1, reason: 'Mở lại' })).status;
      case 'request_extension':
        return (await http.post(`/api/tasks/${id}/extensions`).set(auth).send({ newDeadline: '2027-03-01', reason: 'Gia hạn' })).status;
      case 'comments':
        return (await http.get(`/api/tasks/${id}/comments`).set(auth)).status;
      case 'comment':
        return (await http.post(`/api/tasks/${id}/comments`).set(auth).send({ body: 'Đề nghị bổ sung số liệu.' })).status;
      case 'timeline':
        return (await http.get(`/api/tasks/${id}/timeline`).set(auth)).status;
      case 'files':
        return (await http.get(`/api/tasks/${id}/attachments`).set(auth)).status;
      case 'sub_tasks':
        return (await http.get(`/api/tasks/${id}/sub-tasks`).set(auth)).status;
      case 'watchers':
        return (await http.get(`/api/tasks/${id}/watchers`).set(auth)).status;
      case 'follow':
        return (await http.put(`/api/tasks/${id}/watchers/me`).set(auth)).status;
      case 'unfollow':
        return (await http.delete(`/api/tasks/${id}/watchers/me`).set(auth)).status;
      case 'decide_extension': {
        const [{ id: ext }] = await api.db.query(`SELECT id FROM task_extensions WHERE task_id = $1`, [id]);
        return (await http.post(`/api/tasks/${id}/extensions/${ext}/decision`).set(auth).send({ approve: true })).status;
      }
    }
  }

  const cells = ROLES.flatMap((role) => ACTIONS.flatMap((action) => SCOPES.map((scope) => [role, action, scope, expected(role, action, scope)] as const)));

  it.each(cells)('%s %s on a task of scope %s → %s', async (role, action, scope, want) => {
    const status = await perform(role, action, scope, tokens.get(role) as string);
    if (want === OK) expect([200, 201]).toContain(status);
    else expect(status).toBe(want);
  });

  // API tokens in the same table: a token of DEPT holding every scope reads what its units reach (404 elsewhere, as a
  // person outside the unit is answered) and does nothing else to a task (403 API_TOKEN_SCOPE: no route of a person's
  // work declares a token scope). A change here changes what another system can do: review it as a permission change.
  const TOKEN_READS: readonly Action[] = ['read', 'history'];
  const tokenExpected = (action: Action, scope: Scope): Expected =>
    !TOKEN_READS.includes(action) ? 403 : scope === 'own_unit' || scope === 'sub_unit' || scope === 'coordinating' ? OK : 404;
  let apiToken: Promise<string> | null = null;
  const tokenOfDept = () =>
    (apiToken ??= (async () => {
      const res = await api.http
        .post('/api/admin/api-tokens')
        .set(bearer(tokens.get('admin') as string))
        .send({ name: 'Hệ thống bên ngoài', scopes: ['tasks:read', 'documents:create', 'reports:read'], unitCodes: ['DEPT'], expiresOn: '2027-06-30' });
      expect(res.status).toBe(201);
      return res.body.token as string;
    })());
  const tokenCells = ACTIONS.flatMap((action) => SCOPES.filter((scope) => scope !== 'own').map((scope) => [action, scope, tokenExpected(action, scope)] as const));
  it.each(tokenCells)('an API token of DEPT (every scope): %s on a task of scope %s → %s', async (action, scope, want) => {
    const status = await perform('staff', action, scope, await tokenOfDept());
    if (want === OK) expect([200, 201]).toContain(status);
    else expect(status).toBe(want);
  });
  it.each(TARGETS_FOR_TOKENS.map((u) => [u]))('an API token of DEPT cannot assign a task through POST /api/tasks (to %s) → 403', async (unit) => {
    const res = await api.http.post('/api/tasks').set(bearer(await tokenOfDept())).send({ title: 'Nhiệm vụ mới', leadUnitCode: unit });
    expect([res.status, res.body.code]).toEqual([403, 'API_TOKEN_SCOPE']);
  });

  // The task page offers actions from `allowed`: it must say exactly what the table lets each role do.
  const readableCells = ROLES.flatMap((role) => SCOPES.filter((scope) => expected(role, 'read', scope) === OK).map((scope) => [role, scope] as const));
  it.each(readableCells)('%s reading a task of scope %s is told what it may do', async (role, scope) => {
    const id = await api.fixtures.task({ leadUnit: LEAD[scope], assignee: scope === 'own' ? `${role}_u` : ASSIGNEE[scope], coordinating: scope === 'coordinating' ? ['DEPT'] : [], assignedBy: 'assigner' });
    const res = await api.http.get(`/api/tasks/${id}`).set(bearer(tokens.get(role) as string));
    expect(res.body.allowed).toEqual({ work: expected(role, 'progress', scope) === OK, manage: expected(role, 'cancel', scope) === OK });
  });

  it.each(ACTIONS.map((a) => [a]))('anonymous %s → 401', async (action) => {
    expect(await perform('staff', action, 'own_unit', null)).toBe(401);
  });

  const TARGETS = ['DEPT', 'SUB', 'KHOI_A', 'SIB', 'OTHER'];
  const assignCells = ROLES.flatMap((role) =>
    TARGETS.map((unit) => {
      const want = role === 'staff' ? 403 : role === 'unit_head' ? (unit === 'DEPT' || unit === 'SUB' ? 201 : 403) : 201;
      return [role, unit, want] as const;
    }),
  );
  it.each(assignCells)('%s assigns a task to %s → %d', async (role, unit, want) => {
    const res = await api.http.post('/api/tasks').set(bearer(tokens.get(role) as string)).send({ title: 'Nhiệm vụ mới', leadUnitCode: unit });
    expect(res.status).toBe(want);
  });

  const adminRoutes: Array<[string, (token: string) => Promise<number>]> = [
    ['create a unit', async (t) => (await api.http.post('/api/units').set(bearer(t)).send({ code: `U${Math.random().toString(36).slice(2, 8)}`, name: 'Đơn vị', parentCode: 'BO' })).status],
    ['rename a unit', async (t) => (await api.http.patch('/api/units/SIB').set(bearer(t)).send({ name: 'Vụ anh em' })).status],
    ['create a user', async (t) => (await api.http.post('/api/users').set(bearer(t)).send({ username: `u${Math.random().toString(36).slice(2, 8)}`, fullName: 'Người mới', password: 'Mat-khau-rat-dai-2026', role: 'staff', unitCode: 'DEPT' })).status],
    ['raise a user to admin', async (t) => (await api.http.patch(`/api/users/${api.fixtures.userId('colleague')}`).set(bearer(t)).send({ role: 'admin' })).status],
    ['add a holiday', async (t) => (await api.http.post('/api/holidays').set(bearer(t)).send({ date: `2031-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`, name: 'Nghỉ' })).status],
  ];
  const adminCells = ROLES.flatMap((role) => adminRoutes.map(([name, run]) => [role, name, role === 'admin' ? OK : 403, run] as const));
  it.each(adminCells)('%s may %s → %s', async (role, _name, want, run) => {
    const status = await run(tokens.get(role) as string);
    if (want === OK) expect([200, 201]).toContain(status);
    else expect(status).toBe(want);
  });

  it.each(ROLES.filter((r) => r !== 'admin').map((r) => [r]))('%s cannot raise their own role', async (role) => {
    const self = api.fixtures.userId(`${role}_u`);
    const res = await api.http.patch(`/api/users/${self}`).set(bearer(tokens.get(role) as string)).send({ role: 'admin' });
    expect(res.status).toBe(403);
    const [{ role: now }] = await api.db.query(`SELECT role FROM users WHERE id = $1`, [self]);
    expect(now).toBe(role);
  });
});

describe('permissions: the list returns exactly what reading by id allows (Redmine’s visibility match)', () => {
  let api: TestApi;
  /** Task codes of one length (V-001), so that no code is part of another, and titles that hold no code. */
  const codeOf = (i: number) => `V-${String(i).padStart(3, '0')}`;
  beforeAll(async () => {
    api = await startTestApi();
    await buildTree(api);
    const f = api.fixtures;
    const leads = ['BO', 'KHOI_A', 'DEPT', 'SUB', 'SIB', 'OTHER'];
    const assignees = [null, 'staff_u', 'unit_head_u', 'sub_staff', 'other_staff'];
    const coordinating = [[], ['DEPT'], ['SUB'], ['OTHER', 'SIB']];
    let i = 0;
    for (const lead of leads) for (const assignee of assignees) for (const coord of coordinating) {
      if (coord.includes(lead)) continue;
      i++;
      // Deadlines in December 2026: the key tasks of the month after November (the clock's month).
      await f.task({ code: codeOf(i), title: `Nhiệm vụ thử số ${i}`, leadUnit: lead, assignee, coordinating: coord, assignedBy: 'assigner', state: i % 7 === 0 ? 'completed' : 'open', isKeyTask: i % 3 !== 0 });
    }
  });
  afterAll(() => api.close());

  const readable = new Map<Role, Promise<Set<string>>>();
  /** The ids of the tasks `role` may open by id (GET /api/tasks/:id answers 200, else 404). */
  const readableBy = (role: Role) => {
    if (!readable.has(role)) {
      readable.set(role, (async () => {
        const token = await api.login(`${role}_u`);
        const all: Array<{ id: string }> = await api.db.query(`SELECT id FROM tasks`);
        const ids = new Set<string>();
        for (const { id } of all) {
          const res = await api.http.get(`/api/tasks/${id}`).set(bearer(token));
          expect([200, 404]).toContain(res.status);
          if (res.status === 200) ids.add(id);
        }
        return ids;
      })());
    }
    return readable.get(role) as Promise<Set<string>>;
  };

  it.each(ROLES.map((r) => [r]))('%s: the task list', async (role) => {
    const token = await api.login(`${role}_u`);
    const ids = await readableBy(role);
    const listed = await api.http.get('/api/tasks?pageSize=200').set(bearer(token));
    expect(listed.body.total).toBe(ids.size);
    expect(new Set(listed.body.items.map((t: { id: string }) => t.id))).toEqual(ids);
    expect(ids.size).toBeGreaterThan(0);
  });

  /** Every report and export, with and without each unit: its whole content as text (cells and links, every part of a zip). */
  const UNITS = [undefined, 'BO', 'KHOI_A', 'DEPT', 'SUB', 'SIB', 'KHOI_B', 'OTHER'];
  const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const withUnit = (query: string, unit?: string) => (unit ? `${query}&unit=${unit}` : query);
  const json = (path: (unit?: string) => string, perUnit = true) => async (token: string) => {
    const texts: string[] = [];
    for (const unit of perUnit ? UNITS : [undefined]) {
      const res = await api.http.get(path(unit)).set(bearer(token));
      expect([path(unit), res.status]).toEqual([path(unit), 200]);
      texts.push(JSON.stringify(res.body));
    }
    return texts.join('\n');
  };
  const file = (format: 'xlsx' | 'docx') => async (token: string) => {
    const texts: string[] = [];
    for (const unit of UNITS) {
      const res = await api.http.get(withUnit(`/api/reports/briefing/export?month=2026-11&format=${format}`, unit)).set(bearer(token)).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.body);
        wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => texts.push(c.text, typeof c.hyperlink === 'string' ? c.hyperlink : ''))));
      } else {
        const zip = await JSZip.loadAsync(res.body);
        for (const name of Object.keys(zip.files)) texts.push((await zip.file(name)?.async('string')) ?? '');
      }
    }
    return texts.join('\n');
  };
  /** Every cell of a workbook the API sends, with its links. */
  const workbook = (path: string) => async (token: string) => {
    const res = await api.http.get(path).set(bearer(token)).buffer(true).parse(binary);
    expect([path, res.status]).toEqual([path, 200]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const texts: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => texts.push(c.text, typeof c.hyperlink === 'string' ? c.hyperlink : ''))));
    return texts.join('\n');
  };
  const REPORTS: Record<string, (token: string) => Promise<string>> = {
    'GET /api/reports/briefing': json((u) => withUnit('/api/reports/briefing?month=2026-11', u)),
    'GET /api/reports/briefing/export': async (token) => `${await file('xlsx')(token)}\n${await file('docx')(token)}`,
    'GET /api/reports/trend': json((u) => withUnit('/api/reports/trend?from=2026-10&to=2026-12', u)),
    'GET /api/reports/ranking': json(() => '/api/reports/ranking?month=2026-11', false),
    'GET /api/reports/ranking-config': json(() => '/api/reports/ranking-config', false),
    'GET /api/reports/documents': json(() => '/api/reports/documents', false),
    'GET /api/reports/key-tasks': json((u) => withUnit('/api/reports/key-tasks?month=2026-11', u)),
    // The task list as filtered, exported: every task it names must be one the reader may open (a period's list too).
    'GET /api/tasks/export.xlsx': async (token) =>
      `${await workbook('/api/tasks/export.xlsx')(token)}\n${await workbook('/api/tasks/export.xlsx?period=2026-11&category=inProgressOnTrack')(token)}`,
  };

  it('the check below reaches every report and export the API has', () => {
    const scanner = new MetadataScanner();
    const routes: string[] = [];
    for (const m of api.app.get(ModulesContainer).values()) {
      for (const { instance, metatype } of m.controllers.values()) {
        if (!instance || !metatype) continue;
        const base = Reflect.getMetadata('path', metatype) as string;
        const proto = Object.getPrototypeOf(instance);
        for (const name of scanner.getAllMethodNames(proto)) {
          const path = Reflect.getMetadata('path', proto[name]) as string | undefined;
          const method = Reflect.getMetadata('method', proto[name]) as RequestMethod | undefined;
          if (path === undefined || method !== RequestMethod.GET) continue;
          const route = `/api/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
          // Reports, and anything that sends a file (an export), wherever it lives.
          if (route.startsWith('/api/reports') || /export/.test(route)) routes.push(`GET ${route}`);
        }
      }
    }
    expect(routes.sort()).toEqual(Object.keys(REPORTS).sort());
  });

  it.each(ROLES.map((r) => [r]))('%s: every task identifier a report or export reveals is one the reader may open by id', async (role) => {
    const token = await api.login(`${role}_u`);
    const ids = await readableBy(role);
    const tasks: Array<{ id: string; code: string }> = await api.db.query(`SELECT id, code FROM tasks`);
    for (const [report, read] of Object.entries(REPORTS)) {
      const text = await read(token);
      const revealed = tasks.filter((t) => text.includes(t.id) || text.includes(t.code));
      const notReadable = revealed.filter((t) => !ids.has(t.id)).map((t) => t.code);
      expect([report, notReadable]).toEqual([report, []]);
    }
  });

  it.each(ROLES.map((r) => [r]))('%s: key tasks show every title and deadline; id, code, assignee and state exactly where readable', async (role) => {
    const token = await api.login(`${role}_u`);
    const ids = await readableBy(role);
    const keyTasks: Array<{ id: string; code: string; title: string; deadline: string; assignee: string | null; state: string }> = await api.db.query(
      `SELECT t.id, t.code, t.title, t.deadline::text AS deadline, a.full_name AS assignee, t.state
         FROM tasks t LEFT JOIN users a ON a.id = t.assignee_id WHERE t.is_key_task ORDER BY t.code`,
    );
    const res = await api.http.get('/api/reports/key-tasks?month=2026-11').set(bearer(token));
    const lines = (res.body as Array<{ tasks: Array<Record<string, unknown>> }>).flatMap((u) => u.tasks);
    const byTitle = new Map(lines.map((l) => [l['title'], l]));
    expect(lines).toHaveLength(keyTasks.length);
    for (const t of keyTasks) {
      const want = ids.has(t.id)
        ? { title: t.title, deadline: t.deadline, id: t.id, code: t.code, assignee: t.assignee, state: t.state }
        : { title: t.title, deadline: t.deadline, id: null, code: null, assignee: null, state: null };
      expect(byTitle.get(t.title)).toEqual(want);
    }
    // The spreadsheet for the minutes: a code, an assignee or a link only on the rows of readable tasks.
    const xlsx = await api.http.get('/api/reports/briefing/export?month=2026-11&format=xlsx').set(bearer(token)).buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const rows: string[][] = [];
    // Row 1 names the month, row 2 the columns; the tasks follow.
    wb.worksheets[1].eachRow((row, n) => n > 2 && rows.push([2, 3, 5, 6].map((c) => row.getCell(c).text)));
    expect(rows).toHaveLength(keyTasks.length);
    for (const [code, title, assignee, link] of rows) {
      const task = keyTasks.find((t) => t.title === title);
      const open = task !== undefined && ids.has(task.id);
      expect({ title, code, assignee, link: link !== '' }).toEqual({ title, code: open ? task.code : '', assignee: open ? (task.assignee ?? '') : '', link: open });
    }
  });
});

describe('permissions: every endpoint on a task answers for a task the caller may not read exactly as for one that does not exist', () => {
  let api: TestApi;
  let dir: string;
  /** Every task of the fixture as it stands before any test writes: the matrix below and admin-made sub-tasks. */
  let tasks: Array<{ id: string; code: string; parent: string | null }>;
  /** Per caller, the ids of the tasks GET /api/tasks/:id answers 200 for (else 404). */
  const readable = new Map<string, Set<string>>();
  const tokens = new Map<string, string>();
  /** Every user of the tree: a caller of each role in DEPT, a staff member in a sub-unit and one in another block. */
  const CALLERS = [...ROLES.map((r) => `${r}_u`), 'sub_staff', 'other_staff'];
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);
  const bytesParser = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiendo-access-'));
    api = await startTestApi({ STORAGE_DIR: dir });
    await buildTree(api);
    const f = api.fixtures;
    // Each branch of the read rule, met readable and not by each caller: the lead unit anywhere in the tree, assigned
    // to a caller or not, coordinated by the callers' unit or by a unit below it.
    const specs: Array<{ lead: string; assignee?: string | null; coordinating?: string[] }> = [];
    for (const lead of ['BO', 'KHOI_A', 'DEPT', 'SUB', 'SIB', 'OTHER']) {
      for (const assignee of [null, 'staff_u', 'sub_staff', 'other_staff']) specs.push({ lead, assignee });
    }
    for (const lead of ['BO', 'SIB', 'OTHER']) for (const unit of ['DEPT', 'SUB']) specs.push({ lead, coordinating: [unit] });
    specs.push({ lead: 'SIB', assignee: 'unit_head_u' }, { lead: 'OTHER', assignee: 'unit_head_u' });
    let i = 0;
    for (const spec of specs) {
      await f.task({ code: `A-${String(++i).padStart(3, '0')}`, leadUnit: spec.lead, assignee: spec.assignee ?? null, coordinating: spec.coordinating ?? [], assignedBy: 'assigner' });
    }
    for (const caller of CALLERS) tokens.set(caller, await api.login(caller));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The fixture's sub-tasks, made by an admin through the API: under tasks led by BO and KHOI_A, pieces led by each
   * unit below the parent's, so that some callers may read a parent and not all of its pieces.
   */
  let fixtureReady: Promise<void> | null = null;
  const ready = () =>
    (fixtureReady ??= (async () => {
      const admin = bearer(tokens.get('admin_u') as string);
      const parents: Array<{ id: string; lead: string }> = await api.db.query(
        `SELECT t.id, u.code AS lead FROM tasks t JOIN units u ON u.id = t.lead_unit_id
          WHERE u.code IN ('BO', 'KHOI_A') AND t.assignee_id IS NULL AND NOT EXISTS (SELECT 1 FROM task_coordinating_units c WHERE c.task_id = t.id)`,
      );
      for (const parent of parents) {
        for (const unit of parent.lead === 'BO' ? ['DEPT', 'OTHER'] : ['DEPT', 'SUB', 'SIB']) {
          const res = await api.http.post('/api/tasks').set(admin).send({ title: `Phần việc của ${unit}`, leadUnitCode: unit, parentTaskId: parent.id, deadline: '2026-12-15' });
          expect([`sub-task under ${parent.lead} for ${unit}`, res.status]).toEqual([`sub-task under ${parent.lead} for ${unit}`, 201]);
        }
      }
      tasks = await api.db.query(`SELECT id, code, parent_task_id AS parent FROM tasks ORDER BY code`);
      for (const caller of CALLERS) {
        const statuses = await inBatches(tasks, async ({ id }) => (await api.http.get(`/api/tasks/${id}`).set(bearer(tokens.get(caller) as string))).status);
        expect(statuses.filter((st) => st !== 200 && st !== 404)).toEqual([]);
        readable.set(caller, new Set(tasks.filter((_, n) => statuses[n] === 200).map((t) => t.id)));
      }
    })());

  /** Two files on each task, uploaded by an admin: one to download, one to delete. */
  let filesReady: Promise<Map<string, { keep: string; spare: string }>> | null = null;
  const files = () =>
    (filesReady ??= (async () => {
      await ready();
      const admin = bearer(tokens.get('admin_u') as string);
      const byTask = new Map<string, { keep: string; spare: string }>();
      for (const { id, code } of tasks) {
        const [keep, spare] = [
          await api.http.post(`/api/tasks/${id}/attachments`).set(admin).attach('file', pdf(code), { filename: `Báo cáo ${code}.pdf`, contentType: 'application/pdf' }),
          await api.http.post(`/api/tasks/${id}/attachments`).set(admin).attach('file', pdf(`${code} nháp`), { filename: `Nháp ${code}.pdf`, contentType: 'application/pdf' }),
        ];
        expect([code, keep.status, spare.status]).toEqual([code, 201, 201]);
        byTask.set(id, { keep: keep.body.id, spare: spare.body.id });
      }
      return byTask;
    })());

  /** One comment on each task, by an admin, for the routes of one comment. */
  let commentsReady: Promise<Map<string, string>> | null = null;
  const comments = () =>
    (commentsReady ??= (async () => {
      await ready();
      const admin = bearer(tokens.get('admin_u') as string);
      const byTask = new Map<string, string>();
      for (const { id, code } of tasks) {
        const res = await api.http.post(`/api/tasks/${id}/comments`).set(admin).send({ body: `Ý kiến về ${code}` });
        expect([code, res.status]).toEqual([code, 201]);
        byTask.set(id, res.body.id);
      }
      return byTask;
    })());
  /** The thing of the task a route names; for a task that does not exist, another task's (so only the task decides). */
  const itemOf = <T>(byTask: Map<string, T>, taskId: string): T => byTask.get(taskId) ?? (byTask.values().next().value as T);

  /** `fn` over `items`, eight at a time (an in-process API answers several requests while one waits on the database). */
  async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = [];
    for (let k = 0; k < items.length; k += 8) out.push(...(await Promise.all(items.slice(k, k + 8).map(fn))));
    return out;
  }

  type Call = (auth: Record<string, string>, taskId: string) => Promise<Response>;
  interface Endpoint {
    /**
     * What a caller who may read the task gets: a read answers 200; a write on the task anything but the answer for a
     * missing task; a write on one thing of the task (a comment, a file) whatever its author and state allow, no 5xx.
     */
    kind: 'read' | 'write' | 'item';
    call: Call;
    /** What the call needs besides the task (the task's file or comment). */
    prepare?: () => Promise<unknown>;
  }
  const get = (path: (id: string) => string): Endpoint => ({ kind: 'read', call: (auth, id) => api.http.get(path(id)).set(auth) });
  /**
   * Every route that takes a task: the reads (each GET under /api/tasks/:id, checked below to be all of them) and the
   * writes of the work around a task. The role × action table above covers the task's own actions.
   */
  const ENDPOINTS: Record<string, Endpoint> = {
    'GET /api/tasks/:id': get((id) => `/api/tasks/${id}`),
    'GET /api/tasks/:id/history': get((id) => `/api/tasks/${id}/history`),
    'GET /api/tasks/:id/extensions': get((id) => `/api/tasks/${id}/extensions`),
    'GET /api/tasks/:id/comments': get((id) => `/api/tasks/${id}/comments`),
    'GET /api/tasks/:id/timeline': get((id) => `/api/tasks/${id}/timeline`),
    'GET /api/tasks/:id/attachments': get((id) => `/api/tasks/${id}/attachments`),
    'GET /api/tasks/:id/attachments/:attachmentId': {
      kind: 'read',
      prepare: files,
      call: async (auth, id) =>
        api.http.get(`/api/tasks/${id}/attachments/${itemOf(await files(), id).keep}`).set(auth).buffer(true).parse(bytesParser as never),
    },
    'GET /api/tasks/:id/sub-tasks': get((id) => `/api/tasks/${id}/sub-tasks`),
    'GET /api/tasks/:id/watchers': get((id) => `/api/tasks/${id}/watchers`),
    'POST /api/tasks/:id/comments': { kind: 'write', call: (auth, id) => api.http.post(`/api/tasks/${id}/comments`).set(auth).send({ body: 'Đã xem, sẽ phối hợp.' }) },
    'POST /api/tasks/:id/attachments': {
      kind: 'write',
      call: (auth, id) => api.http.post(`/api/tasks/${id}/attachments`).set(auth).attach('file', pdf(id), { filename: 'Dự thảo.pdf', contentType: 'application/pdf' }),
    },
    'POST /api/tasks (parentTaskId)': {
      kind: 'write',
      call: (auth, id) => api.http.post('/api/tasks').set(auth).send({ title: 'Nhiệm vụ con', leadUnitCode: 'DEPT', parentTaskId: id, deadline: '2026-12-10' }),
    },
    'PUT /api/tasks/:id/watchers/me': { kind: 'write', call: (auth, id) => api.http.put(`/api/tasks/${id}/watchers/me`).set(auth) },
    'DELETE /api/tasks/:id/watchers/me': { kind: 'write', call: (auth, id) => api.http.delete(`/api/tasks/${id}/watchers/me`).set(auth) },
    // One thing of the task: checked against the task before its author or state, or its answer would tell.
    'PATCH /api/tasks/:id/comments/:commentId': {
      kind: 'item',
      prepare: comments,
      call: async (auth, id) => api.http.patch(`/api/tasks/${id}/comments/${itemOf(await comments(), id)}`).set(auth).send({ body: 'Ý kiến đã sửa' }),
    },
    'DELETE /api/tasks/:id/comments/:commentId': {
      kind: 'item',
      prepare: comments,
      call: async (auth, id) => api.http.delete(`/api/tasks/${id}/comments/${itemOf(await comments(), id)}`).set(auth),
    },
    'DELETE /api/tasks/:id/attachments/:attachmentId': {
      kind: 'item',
      prepare: files,
      call: async (auth, id) => api.http.delete(`/api/tasks/${id}/attachments/${itemOf(await files(), id).spare}`).set(auth),
    },
  };

  it('the table reaches every GET route that takes a task', () => {
    const scanner = new MetadataScanner();
    const routes: string[] = [];
    for (const m of api.app.get(ModulesContainer).values()) {
      for (const { instance, metatype } of m.controllers.values()) {
        if (!instance || !metatype) continue;
        const base = Reflect.getMetadata('path', metatype) as string;
        const proto = Object.getPrototypeOf(instance);
        for (const name of scanner.getAllMethodNames(proto)) {
          const path = Reflect.getMetadata('path', proto[name]) as string | undefined;
          const method = Reflect.getMetadata('method', proto[name]) as RequestMethod | undefined;
          if (path === undefined || method !== RequestMethod.GET) continue;
          const route = `/api/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
          if (route.startsWith('/api/tasks/:id')) routes.push(`GET ${route}`);
        }
      }
    }
    expect(routes.sort()).toEqual(Object.keys(ENDPOINTS).filter((e) => e.startsWith('GET ')).sort());
  });

  it.each(CALLERS.map((c) => [c]))('%s: a parent’s sub-tasks list exactly the pieces the caller may open by id', async (caller) => {
    // Before the table below, whose writes add sub-tasks of their own.
    await ready();
    const ids = readable.get(caller) as Set<string>;
    const wrong: string[] = [];
    for (const parent of tasks.filter((t) => t.parent === null && ids.has(t.id))) {
      const res = await api.http.get(`/api/tasks/${parent.id}/sub-tasks`).set(bearer(tokens.get(caller) as string));
      const listed = ((res.body as Array<{ id: string }>) ?? []).map((s) => s.id).sort();
      const want = tasks.filter((t) => t.parent === parent.id && ids.has(t.id)).map((t) => t.id).sort();
      if (res.status !== 200 || JSON.stringify(listed) !== JSON.stringify(want)) wrong.push(`${parent.code}: ${res.status} ${listed.length} listed, ${want.length} readable`);
    }
    expect(wrong).toEqual([]);
  });

  /** What a caller can tell from an answer: its status, its code and the rules its field errors name. */
  const answer = (res: Response) => {
    // A download's error arrives as bytes (the route's parser): read it as the JSON it is.
    const raw: unknown = res.body;
    const body = (Buffer.isBuffer(raw) ? (/json/.test(String(res.headers['content-type'])) ? JSON.parse(raw.toString('utf8')) : {}) : (raw ?? {})) as {
      code?: string;
      errors?: Array<{ field: string; rule: string }>;
    };
    return { status: res.status, code: body.code ?? null, rules: (body.errors ?? []).map((e) => `${e.field}:${e.rule}`).sort() };
  };

  const cells = Object.keys(ENDPOINTS).flatMap((endpoint) => CALLERS.map((caller) => [endpoint, caller] as const));
  it.each(cells)('%s as %s', async (endpoint, caller) => {
    await ready();
    const { kind, call, prepare } = ENDPOINTS[endpoint];
    await prepare?.();
    const auth = bearer(tokens.get(caller) as string);
    const missing = answer(await call(auth, randomUUID()));
    const ids = readable.get(caller) as Set<string>;
    const wrong: string[] = [];
    const answers = await inBatches(tasks, (t) => call(auth, t.id).then(answer));
    for (const [n, { id, code }] of tasks.entries()) {
      const got = answers[n];
      if (missing.status === 403) {
        // The role may not call the route at all (route-level): the same 403 whatever the task, so nothing leaks.
        if (got.status !== 403) wrong.push(`${code}: ${got.status} for a role refused at the route`);
      } else if (!ids.has(id)) {
        if (JSON.stringify(got) !== JSON.stringify(missing)) wrong.push(`${code} (not readable): ${JSON.stringify(got)}`);
      } else if (kind === 'read' ? got.status !== 200 : kind === 'write' ? JSON.stringify(got) === JSON.stringify(missing) : got.status >= 500) {
        wrong.push(`${code} (readable): ${JSON.stringify(got)}`);
      }
    }
    expect({ missing, wrong }).toEqual({ missing, wrong: [] });
    if (missing.status !== 403) expect(missing.status === 404 || endpoint === 'POST /api/tasks (parentTaskId)').toBe(true);
  });

  it('a file’s download URL is "not found" for a staff member of another unit, and the same bytes for the task’s unit', async () => {
    await ready();
    const byTask = await files();
    const [task] = await api.db.query(
      `SELECT t.id, t.code FROM tasks t JOIN units u ON u.id = t.lead_unit_id
        WHERE u.code = 'DEPT' AND t.code LIKE 'A-%' AND t.assignee_id IS NULL AND NOT EXISTS (SELECT 1 FROM task_coordinating_units c WHERE c.task_id = t.id)`,
    );
    const url = `/api/tasks/${task.id}/attachments/${byTask.get(task.id)?.keep}`;
    const outsider = await api.http.get(url).set(bearer(tokens.get('other_staff') as string));
    expect([outsider.status, outsider.body.code]).toEqual([404, 'NOT_FOUND']);
    const colleague = await api.http.get(url).set(bearer(tokens.get('staff_u') as string)).buffer(true).parse(bytesParser as never);
    expect(colleague.status).toBe(200);
    expect((colleague.body as Buffer).equals(pdf(task.code))).toBe(true);
  });
});
