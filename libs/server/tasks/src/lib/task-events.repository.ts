import { Injectable } from '@nestjs/common';
import type { TaskEventKind } from '@tiendo/contracts';
import { EntityManager } from 'typeorm';

/** One event to append: what happened to which task, who did it (null: the system), when (a moment in UTC). */
export interface TaskEventRecord {
  taskId: string;
  kind: TaskEventKind;
  actorId: string | null;
  at: Date;
  /** Kind-specific facts the notifications need (e.g. from/to assignee, commentId, mentions); no secret, no HTML. */
  payload?: Record<string, unknown>;
}

/** An event as read back for dispatch. `id` is the outbox's bigserial, as a string. */
export interface TaskEventRow extends Required<TaskEventRecord> {
  id: string;
}

/**
 * Something the outbox feeds besides notifications (webhooks). The dispatcher calls `consume` inside the transaction
 * that claims a batch of events, before marking them dispatched: what it writes commits with the batch or not at
 * all, so each event reaches it exactly once. It answers what to do once that transaction committed (queue jobs), or
 * null; that step may fail (Redis away) without losing anything, since the rows it wrote wait in PostgreSQL.
 */
export interface TaskEventConsumer {
  readonly name: string;
  consume(manager: EntityManager, events: TaskEventRow[]): Promise<(() => Promise<void>) | null>;
}

/**
 * THE writer of `task_events` (the outbox). Appends run in the caller's transaction, so a change and its event stand
 * or fall together; the dispatcher claims pending rows in its own transaction and marks them dispatched there, so an
 * event becomes notifications exactly once however many workers run and whatever crashes in between.
 */
@Injectable()
export class TaskEventsRepository {
  /** Appends one event in the caller's transaction. */
  async record(manager: EntityManager, event: TaskEventRecord): Promise<void> {
    await this.recordMany(manager, [event]);
  }

  /** Appends many events in one statement (a register import's rows), in the caller's transaction. */
  async recordMany(manager: EntityManager, events: TaskEventRecord[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO task_events (task_id, kind, actor_id, occurred_at, payload)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::timestamptz[], $5::jsonb[])`,
      [
        events.map((e) => e.taskId),
        events.map((e) => e.kind),
        events.map((e) => e.actorId),
        events.map((e) => e.at),
        events.map((e) => JSON.stringify(e.payload ?? {})),
      ],
    );
  }

  /**
   * Locks up to `limit` undispatched events, oldest first, skipping rows another worker holds; call inside a
   * transaction that then writes their notifications and calls `markDispatched`.
   */
  async claimPending(manager: EntityManager, limit: number, settle?: { now: Date; seconds: number; maxWaitSeconds: number }): Promise<TaskEventRow[]> {
    // With `settle`: an event waits until its actor has been quiet for `seconds` (no newer pending event of theirs),
    // so a burst (50 files uploaded one after another) is claimed whole; never longer than `maxWaitSeconds`. An
    // event of a batch (payload.batchId: one import, one bulk action, one transaction) is complete at once.
    const rows: Array<{ id: string; task_id: string; kind: TaskEventKind; actor_id: string | null; occurred_at: Date; payload: Record<string, unknown> }> =
      await manager.query(
        `SELECT e.id::text, e.task_id, e.kind, e.actor_id, e.occurred_at, e.payload FROM task_events e
          WHERE e.dispatched_at IS NULL
            AND ($2::timestamptz IS NULL OR e.payload ? 'batchId' OR e.occurred_at <= $2::timestamptz - make_interval(secs => $4)
                 OR (e.occurred_at <= $2::timestamptz - make_interval(secs => $3)
                     AND NOT EXISTS (SELECT 1 FROM task_events r WHERE r.dispatched_at IS NULL AND r.actor_id IS NOT DISTINCT FROM e.actor_id
                                        AND r.occurred_at > $2::timestamptz - make_interval(secs => $3))))
          ORDER BY e.id LIMIT $1 FOR UPDATE OF e SKIP LOCKED`,
        [limit, settle?.now ?? null, settle?.seconds ?? 0, settle?.maxWaitSeconds ?? 0],
      );
    return rows.map((r) => ({ id: r.id, taskId: r.task_id, kind: r.kind, actorId: r.actor_id, at: new Date(r.occurred_at), payload: r.payload ?? {} }));
  }

  /** Marks claimed events dispatched (in the claiming transaction). */
  async markDispatched(manager: EntityManager, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE task_events SET dispatched_at = $2 WHERE id = ANY($1::bigint[])`, [ids, at]);
  }

  /** How many events wait for dispatch, and the oldest one's moment (for the worker's readiness check). */
  async pendingSummary(manager: EntityManager): Promise<{ pending: number; oldestAt: Date | null }> {
    const [row] = await manager.query(`SELECT count(*)::int AS n, min(occurred_at) AS oldest FROM task_events WHERE dispatched_at IS NULL`);
    return { pending: row.n, oldestAt: row.oldest ? new Date(row.oldest) : null };
  }
}
