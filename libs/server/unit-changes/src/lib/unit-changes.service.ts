import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UnitChangePlanView, UnitChangeRecordView, UnitChangeView } from '@tiendo/contracts';
import { formatLocalDate, LocalDate, startOfLocalDay } from '@tiendo/domain';
import { Actor, Clock, fieldError, notFound, refuse, validationFailed } from '@tiendo/server-core';
import { ReportObligationsService } from '@tiendo/server-report-obligations';
import { ReportSnapshots } from '@tiendo/server-reports';
import { TasksService, UnitChangeMove } from '@tiendo/server-tasks';
import { CreateUnitDto, Unit, UnitsService } from '@tiendo/server-units';
import { LeaderOversight, UsersService } from '@tiendo/server-users';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { UnitMergeDto, UnitSplitDto } from './dto/unit-change.dto';

/** A successor as the plan knows it: an existing unit, or a new one (id `new:<CODE>` until it is created). */
interface Successor {
  id: string;
  code: string;
  name: string;
  isNew: boolean;
  create?: CreateUnitDto;
}

/** Everything a merge or split writes, worked out (and checked) before anything is written. */
interface Plan {
  kind: 'merge' | 'split';
  effectiveOn: LocalDate;
  effectiveAt: Date;
  reason: string;
  sources: Unit[];
  successors: Successor[];
  moves: UnitChangeMove[];
  userMoves: Array<{ userId: string; unitId: string; unitCode: string }>;
  /** The successor of coordinating references and of the sources' places in reporting obligations. */
  defaultTo: Successor;
  view: UnitChangePlanView;
}

/**
 * Units that merge and split, as Vietnam's administration did in 2025 (Resolution 60-NQ/TW of 12/04/2025 on
 * reorganising the apparatus; Resolution 202/2025/QH15 of 12/06/2025: 63 provinces became 34): an administrator
 * merges units into a successor (existing or new) or splits one among successors, effective at 00:00 of a day in
 * Asia/Ho_Chi_Minh. In one transaction, each through its owner:
 * - open tasks the sources lead move to the successor as a dated lead-unit change at that moment, with a history
 *   entry and a `reassigned` event (TasksService.applyUnitChange, the tasks' one write path); a source that
 *   coordinates an open task is replaced by its successor; completed and cancelled tasks stay with the sources;
 * - users move to the successor (UsersService.moveToUnits: sessions end, security events); leaders who oversee a
 *   source oversee the successors too (LeaderOversight.followUnitChange);
 * - obligations that list a source end its membership the day before and list the successor from that day
 *   (ReportObligationsService.moveMemberships; report tasks already created stay with the old unit); obligations not
 *   ended that a source receives are received by the successor from then on, with a history entry each
 *   (ReportObligationsService.moveReceiving), so its head reads their boards and reminds;
 * - the sources become inactive and the change is recorded with its reason and moment (UnitsService.recordChange);
 * - stored figures of ended periods are cleared when the moment is before today (ReportSnapshots.clear), so they are
 *   computed again from the dated changes: the same numbers for every period that ended before the moment.
 * Reports then read periods before the moment under the old units and periods after it under the successor.
 *
 * The moment is never in the future (UNIT_CHANGE_IN_FUTURE): a change is recorded on or after its day, not scheduled
 * (nothing would move the work at 00:00 otherwise, and a scheduled change would hold units half-decided). Nor is it
 * before the current month (UNIT_CHANGE_BEFORE_MONTH): ended months are what leadership was told, the same rule as a
 * task assigned by hand. A source must have no active sub-unit (UNIT_HAS_SUBUNITS): those merge or move first.
 */
@Injectable()
export class UnitChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly oversight: LeaderOversight,
    private readonly tasks: TasksService,
    private readonly snapshots: ReportSnapshots,
    private readonly obligations: ReportObligationsService,
    private readonly clock: Clock,
  ) {}

  /** What a merge would move; nothing is written. Refuses as `merge` does. */
  previewMerge(dto: UnitMergeDto): Promise<UnitChangePlanView> {
    return this.db.transaction('REPEATABLE READ', async (m) => (await this.planMerge(m, dto)).view);
  }

  /** What a split would move; nothing is written. Refuses as `split` does. */
  previewSplit(dto: UnitSplitDto): Promise<UnitChangePlanView> {
    return this.db.transaction('REPEATABLE READ', async (m) => (await this.planSplit(m, dto)).view);
  }

  /**
   * Merges `sourceUnitCodes` into the successor (see the class). 400 VALIDATION_FAILED: UNKNOWN_UNIT
   * (sourceUnitCodes, successorUnitCode, newSuccessorUnit.parentCode), UNIT_CHANGE_SUCCESSOR_CHOICE,
   * UNIT_CHANGE_SUCCESSOR_INVALID; 409 DUPLICATE UNIT_CODE_TAKEN (newSuccessorUnit.code); 422 UNIT_INACTIVE,
   * UNIT_HAS_SUBUNITS (sourceUnitCodes), UNIT_CHANGE_IN_FUTURE, UNIT_CHANGE_BEFORE_MONTH (effectiveAt). Nothing is
   * written on a refusal.
   */
  merge(dto: UnitMergeDto, actor: Actor): Promise<UnitChangeView> {
    return this.db.transaction(async (m) => this.apply(m, await this.planMerge(m, dto, true), actor));
  }

  /**
   * Splits `sourceUnitCode` among its successors: the tasks and users named go where they are sent, a sub-task not
   * named with its parent, the others (and every coordinating reference) to `defaultSuccessorCode`. Refuses as
   * `merge` does, plus 400 VALIDATION_FAILED UNIT_CHANGE_UNKNOWN_SUCCESSOR (defaultSuccessorCode, tasks.<i>.successorCode, users.<i>.successorCode),
   * UNIT_CHANGE_TASK_NOT_IN_SOURCE (tasks.<i>.taskId), UNIT_CHANGE_USER_NOT_IN_SOURCE (users.<i>.userId).
   */
  split(dto: UnitSplitDto, actor: Actor): Promise<UnitChangeView> {
    return this.db.transaction(async (m) => this.apply(m, await this.planSplit(m, dto, true), actor));
  }

  /** The merges and splits `code` took part in, newest first (UnitsService.changesOf); 404 for an unknown unit. */
  async changesOf(code: string): Promise<UnitChangeRecordView[]> {
    const unit = await this.units.findByCode(code);
    if (!unit) throw notFound('Unit');
    return this.units.changesOf(unit.id);
  }

  private async planMerge(m: EntityManager, dto: UnitMergeDto, lock = false): Promise<Plan> {
    const { effectiveOn, effectiveAt } = this.effective(dto.effectiveAt);
    const sources = await this.sources(m, dto.sourceUnitCodes, 'sourceUnitCodes', lock);
    if ((dto.successorUnitCode === undefined) === (dto.newSuccessorUnit === undefined)) throw refuse('UNIT_CHANGE_SUCCESSOR_CHOICE', { field: 'successorUnitCode' });
    const successor = dto.successorUnitCode
      ? await this.existingSuccessor(m, dto.successorUnitCode, sources, 'successorUnitCode')
      : await this.newSuccessor(m, dto.newSuccessorUnit as CreateUnitDto, sources, 'newSuccessorUnit');
    const to = () => successor;
    return this.plan(m, 'merge', effectiveOn, effectiveAt, dto.reason, sources, [successor], to, successor, to);
  }

  private async planSplit(m: EntityManager, dto: UnitSplitDto, lock = false): Promise<Plan> {
    const { effectiveOn, effectiveAt } = this.effective(dto.effectiveAt);
    const sources = await this.sources(m, [dto.sourceUnitCode], 'sourceUnitCode', lock);
    const successors: Successor[] = [];
    for (const [i, code] of (dto.successorUnitCodes ?? []).entries()) successors.push(await this.existingSuccessor(m, code, sources, `successorUnitCodes.${i}`));
    for (const [i, unit] of (dto.newSuccessorUnits ?? []).entries()) {
      if (successors.some((s) => s.code.toUpperCase() === unit.code.toUpperCase())) throw refuse('UNIT_CODE_TAKEN', { field: `newSuccessorUnits.${i}.code`, params: { code: unit.code } });
      successors.push(await this.newSuccessor(m, unit, sources, `newSuccessorUnits.${i}`));
    }
    const byCode = (code: string, field: string) => {
      const found = successors.find((s) => s.code.toUpperCase() === code.toUpperCase());
      if (!found) throw refuse('UNIT_CHANGE_UNKNOWN_SUCCESSOR', { field, params: { code } });
      return found;
    };
    const fallback = byCode(dto.defaultSuccessorCode, 'defaultSuccessorCode');
    const source = sources[0];
    const { open } = await this.tasks.openTasksOfUnits(m, [source.id]);
    const led = new Set(open.filter((t) => t.leadUnitId === source.id).map((t) => t.id));
    const taskTo = new Map<string, Successor>();
    for (const [i, t] of (dto.tasks ?? []).entries()) {
      if (!led.has(t.taskId)) throw refuse('UNIT_CHANGE_TASK_NOT_IN_SOURCE', { field: `tasks.${i}.taskId`, params: { code: source.code } });
      taskTo.set(t.taskId, byCode(t.successorCode, `tasks.${i}.successorCode`));
    }
    const members = new Set((await this.users.membersOf(m, [source.id])).map((u) => u.id));
    const userTo = new Map<string, Successor>();
    for (const [i, u] of (dto.users ?? []).entries()) {
      if (!members.has(u.userId)) throw refuse('UNIT_CHANGE_USER_NOT_IN_SOURCE', { field: `users.${i}.userId`, params: { code: source.code } });
      userTo.set(u.userId, byCode(u.successorCode, `users.${i}.successorCode`));
    }
    // A sub-task not named goes with its parent, so that it stays within its parent's unit (sub-tasks.ts).
    const parentOf = new Map(open.map((t) => [t.id, t.parentTaskId]));
    const destination = (taskId: string): Successor => {
      const named = taskTo.get(taskId);
      if (named) return named;
      const parent = parentOf.get(taskId);
      return parent && led.has(parent) ? destination(parent) : fallback;
    };
    return this.plan(
      m,
      'split',
      effectiveOn,
      effectiveAt,
      dto.reason,
      sources,
      successors,
      destination,
      fallback,
      (userId) => userTo.get(userId) ?? fallback,
    );
  }

  /**
   * The plan from the choices: where each open task and user goes; `defaultTo` takes every coordinating reference
   * and the sources' places in reporting obligations (the merge's successor, the split's default successor).
   */
  private async plan(
    m: EntityManager,
    kind: 'merge' | 'split',
    effectiveOn: LocalDate,
    effectiveAt: Date,
    reason: string,
    sources: Unit[],
    successors: Successor[],
    taskTo: (taskId: string) => Successor,
    defaultTo: Successor,
    userTo: (userId: string) => Successor,
  ): Promise<Plan> {
    const sourceIds = new Set(sources.map((s) => s.id));
    const codeOf = new Map(sources.map((s) => [s.id, s.code]));
    const members = await this.users.membersOf(m, [...sourceIds]);
    const userMoves = members.map((u) => ({ user: u, to: userTo(u.id) }));
    const userDestination = new Map(userMoves.map((u) => [u.user.id, u.to.id]));
    const { open, closed } = await this.tasks.openTasksOfUnits(m, [...sourceIds]);
    const moves: UnitChangeMove[] = [];
    const view: UnitChangePlanView = {
      kind,
      effectiveOn,
      effectiveAt: effectiveAt.toISOString(),
      reason,
      sources: sources.map((s) => ({ code: s.code, name: s.name })),
      successors: successors.map((s) => ({ code: s.code, name: s.name, isNew: s.isNew })),
      tasks: [],
      coordinating: [],
      users: userMoves.map(({ user, to }) => ({ id: user.id, username: user.username, fullName: user.fullName, fromUnitCode: codeOf.get(user.unitId) as string, toUnitCode: to.code })),
      closedTasksStaying: closed,
      obligationsReceived: (await this.obligations.receivedBy(m, [...sourceIds], effectiveOn)).map((o) => ({
        id: o.id,
        code: o.code,
        name: o.name,
        fromUnitCode: codeOf.get(o.receivingUnitId) as string,
        toUnitCode: defaultTo.code,
      })),
    };
    for (const t of open) {
      const move: UnitChangeMove = { taskId: t.id };
      if (sourceIds.has(t.leadUnitId)) {
        const to = taskTo(t.id);
        move.toLeadUnitId = to.id;
        // The assignee follows the task only when they go to the same successor (always, in a merge).
        move.clearAssignee = t.assigneeId !== null && userDestination.get(t.assigneeId) !== to.id;
        view.tasks.push({ id: t.id, code: t.code, title: t.title, fromUnitCode: codeOf.get(t.leadUnitId) as string, toUnitCode: to.code, assigneeCleared: move.clearAssignee });
      }
      const coordinating = t.coordinatingUnitIds.filter((u) => sourceIds.has(u));
      if (coordinating.length) {
        const to = defaultTo;
        move.coordinating = coordinating.map((fromUnitId) => ({ fromUnitId, toUnitId: to.id }));
        for (const fromUnitId of coordinating) view.coordinating.push({ id: t.id, code: t.code, title: t.title, fromUnitCode: codeOf.get(fromUnitId) as string, toUnitCode: to.code });
      }
      moves.push(move);
    }
    return {
      kind,
      effectiveOn,
      effectiveAt,
      reason,
      sources,
      successors,
      moves,
      userMoves: userMoves.map(({ user, to }) => ({ userId: user.id, unitId: to.id, unitCode: to.code })),
      defaultTo,
      view,
    };
  }

  private async apply(m: EntityManager, plan: Plan, actor: Actor): Promise<UnitChangeView> {
    const now = this.clock.now();
    const id = randomUUID();
    // New successors are created now; the plan named them by a placeholder id (`new:<code>`).
    const realId = new Map<string, string>();
    for (const s of plan.successors) {
      if (!s.create) continue;
      const created = await this.units.create(s.create, m);
      realId.set(s.id, created.id);
      s.id = created.id;
    }
    const real = (unitId: string) => realId.get(unitId) ?? unitId;
    for (const move of plan.moves) {
      if (move.toLeadUnitId) move.toLeadUnitId = real(move.toLeadUnitId);
      for (const c of move.coordinating ?? []) c.toUnitId = real(c.toUnitId);
    }
    for (const u of plan.userMoves) u.unitId = real(u.unitId);
    const sourceCodes = plan.sources.map((s) => s.code).join(', ');
    const successorCodes = plan.successors.map((s) => s.code).join(', ');
    const verb = plan.kind === 'merge' ? 'Sáp nhập' : 'Chia tách';
    const note = `${verb} đơn vị ${sourceCodes} → ${successorCodes}, hiệu lực từ ${formatLocalDate(plan.effectiveOn)}: ${plan.reason}`;
    await this.tasks.applyUnitChange(m, { changeId: id, kind: plan.kind, effectiveAt: plan.effectiveAt, note, moves: plan.moves }, actor);
    await this.users.moveToUnits(m, plan.userMoves, actor, id);
    await this.oversight.followUnitChange(m, plan.sources.map((s) => s.id), plan.successors.map((s) => s.id));
    await this.obligations.moveMemberships(m, plan.sources.map((s) => ({ fromUnitId: s.id, toUnitId: plan.defaultTo.id })), plan.effectiveOn, actor.id, note);
    await this.obligations.moveReceiving(m, plan.sources.map((s) => ({ fromUnitId: s.id, toUnitId: plan.defaultTo.id })), plan.effectiveOn, actor.id, note);
    await this.units.recordChange(m, {
      id,
      kind: plan.kind,
      effectiveAt: plan.effectiveAt,
      reason: plan.reason,
      actorId: actor.id,
      at: now,
      sourceIds: plan.sources.map((s) => s.id),
      successorIds: plan.successors.map((s) => s.id),
      summary: { tasks: plan.view.tasks.length, coordinating: plan.view.coordinating.length, users: plan.view.users.length, closedTasksStaying: plan.view.closedTasksStaying, obligationsReceived: plan.view.obligationsReceived?.length ?? 0 },
    });
    // A moment before today moves tasks in periods that may have ended (a range of days): their stored figures are
    // computed again. Periods that ended before the moment read the same, from the dated changes.
    if (plan.effectiveOn < this.clock.today()) await this.snapshots.clear(m);
    return { ...plan.view, id, recordedAt: now.toISOString() };
  }

  /** The effective day as a moment (00:00 Asia/Ho_Chi_Minh); not after today, not before this month's first day. */
  private effective(day: string): { effectiveOn: LocalDate; effectiveAt: Date } {
    const today = this.clock.today();
    if (day > today) throw refuse('UNIT_CHANGE_IN_FUTURE', { field: 'effectiveAt' });
    if (day < `${today.slice(0, 7)}-01`) throw refuse('UNIT_CHANGE_BEFORE_MONTH', { field: 'effectiveAt' });
    return { effectiveOn: day, effectiveAt: startOfLocalDay(day) };
  }

  /** The source units, active, without active sub-units; locked when the change is to be written. */
  private async sources(m: EntityManager, codes: string[], field: string, lock: boolean): Promise<Unit[]> {
    const units: Unit[] = [];
    const unknown: string[] = [];
    for (const code of codes) {
      const unit = await this.units.findByCode(code, m, lock);
      if (!unit) unknown.push(code);
      else if (!units.some((u) => u.id === unit.id)) units.push(unit);
    }
    if (unknown.length) throw validationFailed(unknown.map((code) => fieldError(field, 'UNKNOWN_UNIT', { code })));
    const inactive = units.find((u) => !u.active);
    if (inactive) throw refuse('UNIT_INACTIVE', { field, params: { code: inactive.code } });
    const [below] = await this.units.activeSubUnits(m, units);
    if (below) throw refuse('UNIT_HAS_SUBUNITS', { field, params: { code: below.parentCode } });
    return units;
  }

  private async existingSuccessor(m: EntityManager, code: string, sources: Unit[], field: string): Promise<Successor> {
    const unit = await this.units.findByCode(code, m);
    if (!unit) throw refuse('UNKNOWN_UNIT', { field, params: { code } });
    if (!unit.active || sources.some((s) => unit.path.startsWith(s.path))) throw refuse('UNIT_CHANGE_SUCCESSOR_INVALID', { field, params: { code: unit.code } });
    return { id: unit.id, code: unit.code, name: unit.name, isNew: false };
  }

  /** A new successor, checked as UnitsService.create checks it (created only when the change is written). */
  private async newSuccessor(m: EntityManager, dto: CreateUnitDto, sources: Unit[], field: string): Promise<Successor> {
    if (await this.units.findByCode(dto.code, m)) throw refuse('UNIT_CODE_TAKEN', { field: `${field}.code`, params: { code: dto.code } });
    if (dto.parentCode) {
      const parent = await this.units.findByCode(dto.parentCode, m);
      if (!parent) throw refuse('UNKNOWN_UNIT', { field: `${field}.parentCode`, params: { code: dto.parentCode } });
      if (!parent.active || sources.some((s) => parent.path.startsWith(s.path))) {
        throw refuse('UNIT_CHANGE_SUCCESSOR_INVALID', { field: `${field}.parentCode`, params: { code: parent.code } });
      }
    }
    return { id: `new:${dto.code.toUpperCase()}`, code: dto.code, name: dto.name, isNew: true, create: dto };
  }
}
