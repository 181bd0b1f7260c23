import type { Role } from '@tiendo/contracts';
import type { TaskFixture } from '@tiendo/server-testing';
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
const ACTIONS = ['read', 'history', 'update', 'progress', 'complete', 'cancel', 'return', 'reopen', 'request_extension', 'decide_extension'] as const;
type Action = (typeof ACTIONS)[number];
const ROLES: Role[] = ['admin', 'leader', 'monitor', 'unit_head', 'staff'];

const OK = 'ok';
type Expected = typeof OK | 403 | 404;

function expected(role: Role, action: Action, scope: Scope): Expected {
  if (role === 'admin' || role === 'leader' || role === 'monitor') return OK;
  const reads = action === 'read' || action === 'history';
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
      await f.task({ code: `V-${++i}`, leadUnit: lead, assignee, coordinating: coord, assignedBy: 'assigner', state: i % 7 === 0 ? 'completed' : 'open' });
    }
  });
  afterAll(() => api.close());

  it.each(ROLES.map((r) => [r]))('%s', async (role) => {
    const token = await api.login(`${role}_u`);
    const all: Array<{ id: string }> = await api.db.query(`SELECT id FROM tasks`);
    const readable = new Set<string>();
    for (const { id } of all) {
      const res = await api.http.get(`/api/tasks/${id}`).set(bearer(token));
      expect([200, 404]).toContain(res.status);
      if (res.status === 200) readable.add(id);
    }
    const listed = await api.http.get('/api/tasks?pageSize=200').set(bearer(token));
    expect(listed.body.total).toBe(readable.size);
    expect(new Set(listed.body.items.map((t: { id: string }) => t.id))).toEqual(readable);
    expect(readable.size).toBeGreaterThan(0);
  });
});
