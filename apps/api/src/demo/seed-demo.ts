import type { INestApplicationContext } from '@nestjs/common';
import { addDays, endOfLocalDay, startOfLocalDay, toLocalDate } from '@tiendo/domain';
import { AttachmentsService } from '@tiendo/server-attachments';
import { CommentsService } from '@tiendo/server-comments';
import { Actor, ManualClock } from '@tiendo/server-core';
import { SourceDocumentsService, TasksService } from '@tiendo/server-tasks';
import { UnitsService } from '@tiendo/server-units';
import { UsersService } from '@tiendo/server-users';
import { DEMO_COMMENTS, DEMO_CURRENT_TASKS, DEMO_DOCUMENTS, DEMO_FILES, DEMO_SUB_TASKS, DEMO_UNITS, DEMO_USERS, demoPdf } from './demo-data';
import { june2020Tasks } from './june-2020';
import { seedProvinces } from './seed-provinces';

/**
 * Loads the demo through the services a user's requests reach, with the clock set to each moment in turn so
 * that history is entered as it would have happened. Loading twice changes nothing: what exists is skipped.
 */
export async function seedDemo(app: INestApplicationContext, clock: ManualClock, realNow: Date): Promise<number> {
  const units = app.get(UnitsService);
  const users = app.get(UsersService);
  const documents = app.get(SourceDocumentsService);
  const tasks = app.get(TasksService);
  const comments = app.get(CommentsService);
  const attachments = app.get(AttachmentsService);

  clock.set(realNow);
  for (const unit of DEMO_UNITS) {
    if (!(await units.findByCode(unit.code))) await units.create(unit);
  }
  for (const user of DEMO_USERS) {
    if (!(await users.findByUsername(user.username))) await users.create(user, null);
  }
  for (const doc of DEMO_DOCUMENTS) {
    if (!(await documents.findByNumber(doc.number))) await documents.create(doc);
  }

  const actorOf = async (username: string): Promise<Actor> => {
    const user = await users.findByUsername(username);
    const actor = user && (await users.loadActor(user.id));
    if (!actor) throw new Error(`demo user ${username} is missing or inactive`);
    return actor;
  };
  const monitor = await actorOf('vanphong');
  const today = toLocalDate(realNow);
  let created = 0;
  for (const t of DEMO_CURRENT_TASKS) {
    // Every match of the code's words, not the first: DEMO-CNTT-01's sub-tasks (DEMO-CNTT-01.1) match it too.
    const existing = await tasks.list(monitor, { q: t.code, pageSize: 100 });
    if (existing.items.some((i) => i.code === t.code)) continue;
    const assignedOn = addDays(today, -t.assignedDaysAgo);
    // Assigned at 09:00 local on the day, as an office would.
    clock.set(new Date(startOfLocalDay(assignedOn).getTime() + 9 * 3_600_000));
    const doc = t.document ? await documents.findByNumber(t.document) : null;
    const assignee = t.assignee ? await users.findByUsername(t.assignee) : null;
    const task = await tasks.create(
      {
        code: t.code,
        title: t.title,
        leadUnitCode: t.lead,
        assigneeId: assignee?.id,
        deadline: t.deadlineInDays === null ? null : addDays(today, t.deadlineInDays),
        sourceDocumentId: doc?.id,
        isKeyTask: t.isKeyTask ?? false,
        coordinatingUnitCodes: t.coordinating,
      },
      monitor,
    );
    let version = task.version;
    const worker = t.assignee ? await actorOf(t.assignee) : monitor;
    const files = DEMO_FILES[t.code] ?? [];
    /** Uploads the demo files meant for `kind` (at the clock's moment) and gives their ids. */
    const attach = async (kind: 'task' | 'progress' | 'completion'): Promise<string[]> => {
      const ids: string[] = [];
      for (const f of files.filter((x) => x.with === kind)) ids.push((await attachments.attachBytes(task.id, f.name, demoPdf(f.lines), await actorOf(f.uploader))).id);
      return ids;
    };
    await attach('task');
    if (t.progress !== undefined) {
      clock.set(new Date(Math.min(realNow.getTime() - 3_600_000, clock.now().getTime() + 5 * 86_400_000)));
      const attachmentIds = await attach('progress');
      version = (await tasks.progress(task.id, { version, percent: t.progress, note: 'Cập nhật tiến độ thực hiện', attachmentIds }, worker)).version;
    }
    for (const [n, c] of (DEMO_COMMENTS[t.code] ?? []).entries()) {
      // Two hours apart after the progress note, and always before now.
      clock.set(new Date(Math.min(realNow.getTime() - (30 - n) * 60_000, clock.now().getTime() + 2 * 3_600_000)));
      await comments.create(task.id, { body: c.body }, await actorOf(c.author));
    }
    if (t.completeAfter !== undefined) {
      clock.set(new Date(endOfLocalDay(addDays(assignedOn, t.completeAfter)).getTime() - 6 * 3_600_000));
      const attachmentIds = await attach('completion');
      await tasks.complete(task.id, { version, result: 'Đã hoàn thành, báo cáo Lãnh đạo Bộ', attachmentIds }, worker);
    }
    created++;
  }
  for (const s of DEMO_SUB_TASKS) {
    // A search finds every word of the code in any order: look for the exact code among its matches.
    const existing = await tasks.list(monitor, { q: s.code, pageSize: 100 });
    if (existing.items.some((i) => i.code === s.code)) continue;
    const parent = (await tasks.list(monitor, { q: s.parent, pageSize: 100 })).items.find((i) => i.code === s.parent);
    if (!parent) throw new Error(`demo sub-task ${s.code}: no parent ${s.parent}`);
    // Split three days after the parent was assigned, at 10:00 local.
    clock.set(new Date(startOfLocalDay(addDays(parent.assignedOn, 3)).getTime() + 10 * 3_600_000));
    const assignee = await users.findByUsername(s.assignee);
    const sub = await tasks.create(
      { code: s.code, title: s.title, leadUnitCode: s.lead, assigneeId: assignee?.id, deadline: addDays(today, s.deadlineInDays), parentTaskId: parent.id },
      await actorOf(s.by),
    );
    if (s.progress !== undefined) {
      clock.set(new Date(Math.min(realNow.getTime() - 3_600_000, clock.now().getTime() + 5 * 86_400_000)));
      await tasks.progress(sub.id, { version: sub.version, percent: s.progress, note: 'Cập nhật tiến độ phần việc được giao' }, await actorOf(s.assignee));
    }
    created++;
  }
  created += await seedJune2020(tasks, documents, monitor, clock);
  created += await seedProvinces(app, clock, monitor);
  clock.set(realNow);
  return created;
}

/** The history behind the 1 July 2020 briefing, entered moment by moment through the services. */
async function seedJune2020(tasks: TasksService, documents: SourceDocumentsService, monitor: Actor, clock: ManualClock): Promise<number> {
  const at = (local: string) => new Date(`${local}+07:00`);
  let created = 0;
  for (const t of june2020Tasks()) {
    const existing = await tasks.list(monitor, { q: t.code, pageSize: 1 });
    if (existing.items.some((i) => i.code === t.code)) continue;
    clock.set(at(`${t.assignedOn}T09:00:00`));
    const doc = t.document ? await documents.findByNumber(t.document) : null;
    const task = await tasks.create(
      { code: t.code, title: t.title, leadUnitCode: t.unit, assignedOn: t.assignedOn, deadline: t.deadline, sourceDocumentId: doc?.id, isKeyTask: t.isKeyTask ?? false },
      monitor,
    );
    if (t.completedAt) {
      clock.set(at(t.completedAt));
      await tasks.complete(task.id, { version: task.version, result: 'Đã hoàn thành, báo cáo Lãnh đạo Bộ' }, monitor);
    }
    if (t.cancelledAt) {
      clock.set(at(t.cancelledAt));
      await tasks.cancel(task.id, { version: task.version, reason: 'Không còn phù hợp do dịch Covid-19' }, monitor);
    }
    created++;
  }
  return created;
}
