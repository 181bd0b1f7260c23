import { ReminderRuns } from '@tiendo/server-reminders';
import { TasksModule } from '@tiendo/server-tasks';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';

/**
 * Sub-tasks are ordinary tasks to the reminders: each one's reminder goes to its own assignee (or its lead unit's
 * heads when nobody is assigned), and the parent's assignee is reminded of the parent only, never of its pieces.
 */
describe('reminders of sub-tasks', () => {
  let t: WorkerTestbed;
  beforeAll(async () => {
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', {}, [TasksModule]);
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO');
    await f.unit('P1', 'VBC');
    await f.user('vanphong', 'monitor', 'BO');
    await f.user('truong', 'unit_head', 'VBC');
    await f.user('truongp1', 'unit_head', 'P1');
    await f.user('cv', 'staff', 'VBC');
    await f.user('cvp1', 'staff', 'P1');
  });
  afterAll(() => t.close());

  it('each sub-task’s assignee (or its unit’s head) is reminded of it; the parent’s assignee of the parent alone', async () => {
    // Monday 23/11/2026: every task here is due today.
    const parent = await t.fixtures.task({ code: 'CHA', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-23' });
    const assigned = await t.fixtures.task({ code: 'CON-1', leadUnit: 'P1', assignee: 'cvp1', assignedBy: 'truong', deadline: '2026-11-23' });
    const unassigned = await t.fixtures.task({ code: 'CON-2', leadUnit: 'P1', assignedBy: 'truong', deadline: '2026-11-23' });
    await t.db.query(`UPDATE tasks SET parent_task_id = $1 WHERE id = ANY($2::uuid[])`, [parent, [assigned, unassigned]]);
    await t.worker.app.get(ReminderRuns).daily('2026-11-23');
    const rows: Array<{ username: string; code: string }> = await t.db.query(
      `SELECT DISTINCT u.username, t.code FROM notifications n JOIN users u ON u.id = n.user_id JOIN tasks t ON t.id = n.task_id ORDER BY t.code, u.username`,
    );
    expect(rows).toEqual([
      { username: 'cv', code: 'CHA' },
      { username: 'cvp1', code: 'CON-1' },
      { username: 'truongp1', code: 'CON-2' },
    ]);
  });
});
