import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { addDays, LocalDate } from '@tiendo/domain';
import { AttachmentsService } from '@tiendo/server-attachments';
import { HolidaysService } from '@tiendo/server-calendar';
import { Actor, ManualClock } from '@tiendo/server-core';
import { ReportObligationsService, ReportSubmissionsService, ReportTaskGenerator } from '@tiendo/server-report-obligations';
import { TasksService } from '@tiendo/server-tasks';
import { UnitsService } from '@tiendo/server-units';
import { UsersService } from '@tiendo/server-users';
import { DataSource } from 'typeorm';
import { demoPdf } from './demo-data';
import { PROVINCES_2020, PROVINCIAL_OBLIGATION, provinceUnit, provinceUsers, seededRandom } from './provinces-2020';

const at = (local: string) => new Date(`${local}+07:00`);

/** When in the day a department sends its report (local time): morning, after lunch, before leaving. */
const SUBMISSION_TIMES = ['09:12', '14:35', '16:48'];

/** How a province's report of a month ends up in the demo. */
type Outcome = { kind: 'on_time'; daysBefore: number } | { kind: 'late'; daysAfter: number } | { kind: 'missing' };

/**
 * The provincial departments of 2020 and their monthly report (issue #11), through the same code paths as a user's
 * data: units and users by their services; the obligation by ReportObligationsService.create (the Ministry Office's
 * monitor, on 20/12/2019) and ended on 31/12/2020, so that today's worker creates nothing more; the report tasks by
 * THE generator (ReportTaskGenerator.run, the worker's daily run) on the demo clock, each day from the 1st to the 14th
 * (the cut-off) of each month of 2020; the submissions by ReportSubmissionsService.submit (a PDF uploaded through
 * AttachmentsService, the two figures) by the department's head, the clock set to the moment: most on time, some
 * late (after the due day), some never sent. The outcome of each (province, month) comes from a seeded generator,
 * each province with its own punctuality, so the boards look the same on every load. Loading twice changes nothing.
 *
 * Returns the number of report tasks created.
 */
export async function seedProvinces(app: INestApplicationContext, clock: ManualClock, monitor: Actor): Promise<number> {
  const units = app.get(UnitsService);
  const users = app.get(UsersService);
  const db = app.get<DataSource>(getDataSourceToken());
  const obligations = app.get(ReportObligationsService);
  const submissions = app.get(ReportSubmissionsService);
  const attachments = app.get(AttachmentsService);
  // The worker's generator, built over the API's services (as report-submissions.int-spec.ts does): same code.
  const generator = new ReportTaskGenerator(db, app.get(TasksService), app.get(HolidaysService), clock);

  clock.set(at('2019-12-20T09:00:00'));
  for (const p of PROVINCES_2020) {
    const unit = provinceUnit(p);
    if (!(await units.findByCode(unit.code))) await units.create(unit);
  }
  // A few accounts at a time: each password is judged (zxcvbn, its own thread) and hashed (argon2, libuv's threads),
  // so three in flight keep both busy instead of one after the other.
  await inParallel(PROVINCES_2020.flatMap((p, i) => provinceUsers(p, i)), 3, async (u) => {
    if (!(await users.findByUsername(u.username))) await users.create(u, null);
  });

  const { endsOn, ...dto } = PROVINCIAL_OBLIGATION;
  let [found]: Array<{ id: string }> = await db.query(`SELECT id FROM report_obligations WHERE code = $1`, [dto.code]);
  if (!found) {
    const created = await obligations.create({ ...dto, createWorkingDaysBefore: 5 }, monitor);
    await obligations.end(created.id, endsOn, monitor);
    found = { id: created.id };
  }
  const obligationId = found.id;

  // The report tasks: the generator's daily run, on the days a worker would have run it.
  let created = 0;
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= 14; day++) {
      clock.set(at(`2020-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:05:00`));
      created += (await generator.run()).created;
    }
  }

  // The submissions, each at its moment (a task already completed, from an earlier load, is left alone).
  const rows: Array<{ task_id: string; period_key: string; unit_code: string; deadline: LocalDate; state: string; version: number }> = await db.query(
    `SELECT rt.task_id, rt.period_key, u.code AS unit_code, t.deadline::text AS deadline, t.state, t.version
       FROM report_tasks rt JOIN tasks t ON t.id = rt.task_id JOIN units u ON u.id = rt.unit_id
      WHERE rt.obligation_id = $1 ORDER BY rt.period_key, u.code`,
    [obligationId],
  );
  const heads = new Map<string, Actor>();
  const headOf = async (unitCode: string): Promise<Actor> => {
    const username = `giamdoc.${unitCode.replace('STTTT-', '').toLowerCase()}`;
    if (!heads.has(username)) {
      const user = await users.findByUsername(username);
      const actor = user && (await users.loadActor(user.id));
      if (!actor) throw new Error(`demo user ${username} is missing or inactive`);
      heads.set(username, actor);
    }
    return heads.get(username) as Actor;
  };
  const slugIndex = new Map(PROVINCES_2020.map((p, i) => [`STTTT-${p.slug}`, i]));
  const plan = rows
    .filter((r) => r.state === 'open')
    .map((r) => {
      const outcome = outcomeOf(slugIndex.get(r.unit_code) ?? 0, r.period_key);
      const day = outcome.kind === 'on_time' ? addDays(r.deadline, -outcome.daysBefore) : outcome.kind === 'late' ? addDays(r.deadline, outcome.daysAfter) : null;
      return { ...r, outcome, day };
    })
    .filter((r): r is typeof r & { day: LocalDate } => r.day !== null)
    .map((r) => ({ ...r, at: at(`${r.day}T${SUBMISSION_TIMES[hash(`${r.unit_code}/${r.period_key}/hour`) % SUBMISSION_TIMES.length]}:00`) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.unit_code.localeCompare(b.unit_code));
  // The submissions of one moment (SUBMISSION_TIMES of a day) are independent (each its unit's task): sent together,
  // the clock at that moment.
  const moments = new Map<number, typeof plan>();
  for (const r of plan) moments.set(r.at.getTime(), [...(moments.get(r.at.getTime()) ?? []), r]);
  for (const [moment, group] of moments) {
    clock.set(new Date(moment));
    await inParallel(group, 4, (r) => submit(r));
  }
  return created;

  async function submit(r: (typeof plan)[number]): Promise<void> {
    const head = await headOf(r.unit_code);
    const random = seededRandom(hash(`${r.unit_code}/${r.period_key}/figures`));
    const month = r.period_key.slice(-2);
    const file = await attachments.attachBytes(
      r.task_id,
      `Báo cáo tháng ${month} - ${r.unit_code}.pdf`,
      demoPdf([`BAO CAO THANG ${r.period_key}`, r.unit_code, 'Da ky so']),
      head,
    );
    await submissions.submit(
      obligationId,
      r.period_key,
      {
        unitCode: r.unit_code,
        version: r.version,
        attachmentIds: [file.id],
        figures: { thue_bao_di_dong: Math.round(400 + random() * 9_600), dich_vu_cong_muc_4: Math.round(20 + random() * 280) },
      },
      head,
    );
  }
}

/** Runs `work` over `items`, at most `limit` at once. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Each province has a punctuality of its own (from 70% to 97% on time), the rest late by 1–10 days or, one time in
 * three, never sent; drawn from a generator seeded by the province and the period (never Math.random).
 */
function outcomeOf(provinceIndex: number, periodKey: string): Outcome {
  const punctuality = 0.7 + seededRandom(hash(`punctuality/${provinceIndex}`))() * 0.27;
  const random = seededRandom(hash(`${provinceIndex}/${periodKey}`));
  const roll = random();
  if (roll < punctuality) return { kind: 'on_time', daysBefore: Math.floor(random() * 4) };
  if (random() < 1 / 3) return { kind: 'missing' };
  return { kind: 'late', daysAfter: 1 + Math.floor(random() * 10) };
}

/** FNV-1a of a string, the seed of the generator above. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
