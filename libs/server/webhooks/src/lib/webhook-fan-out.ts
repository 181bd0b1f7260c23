import { Injectable } from '@nestjs/common';
import type { TaskEventKind, WebhookPayload } from '@tiendo/contracts';
import { Clock } from '@tiendo/server-core';
import type { TaskEventConsumer, TaskEventRow } from '@tiendo/server-tasks';
import { EntityManager } from 'typeorm';
import { WebhookQueue } from './webhook-queue';

interface Subscription {
  id: string;
  event_types: TaskEventKind[];
  unit_paths: string[];
}

interface TaskFacts {
  id: string;
  code: string;
  title: string;
  deadline: string | null;
  state: WebhookPayload['task']['state'];
  progress_percent: number;
  lead_code: string;
  lead_name: string;
  lead_path: string;
  coordinating_paths: string[];
}

/**
 * THE writer of `webhook_deliveries` rows: turns a batch of task events into one delivery per (event, subscription)
 * whose event types name the event and whose units (each with its sub-units) lead or coordinate the task, in the
 * dispatcher's transaction (TaskEventConsumer): committed with the batch, or not at all. The unique (event,
 * subscription) key and ON CONFLICT DO NOTHING make a second worker, or a re-run, write nothing more. The body is built
 * now, from the task as it is at dispatch, and kept on the row: every retry sends the same bytes.
 */
@Injectable()
export class WebhookFanOut implements TaskEventConsumer {
  readonly name = 'webhooks';

  constructor(
    private readonly clock: Clock,
    private readonly queue: WebhookQueue,
  ) {}

  async consume(m: EntityManager, events: TaskEventRow[]): Promise<(() => Promise<void>) | null> {
    const subscriptions: Subscription[] = await m.query(
      `SELECT s.id, s.event_types, array(SELECT n.path FROM webhook_subscription_units su JOIN units n ON n.id = su.unit_id WHERE su.subscription_id = s.id) AS unit_paths
         FROM webhook_subscriptions s WHERE s.active`,
    );
    const wanted = events.filter((e) => subscriptions.some((s) => s.event_types.includes(e.kind)));
    if (wanted.length === 0) return null;
    const tasks = new Map<string, TaskFacts>(
      (
        (await m.query(
          `SELECT t.id, t.code, t.title, t.deadline::text AS deadline, t.state, t.progress_percent, l.code AS lead_code, l.name AS lead_name, l.path AS lead_path,
                  array(SELECT cu.path FROM task_coordinating_units c JOIN units cu ON cu.id = c.unit_id WHERE c.task_id = t.id) AS coordinating_paths
             FROM tasks t JOIN units l ON l.id = t.lead_unit_id WHERE t.id = ANY($1::uuid[])`,
          [[...new Set(wanted.map((e) => e.taskId))]],
        )) as TaskFacts[]
      ).map((t) => [t.id, t]),
    );
    const actorIds = [...new Set(wanted.map((e) => e.actorId).filter((id): id is string => id !== null))];
    const actors = new Map<string, { id: string; username: string; full_name: string }>(
      ((await m.query(`SELECT id, username, full_name FROM users WHERE id = ANY($1::uuid[])`, [actorIds])) as Array<{ id: string; username: string; full_name: string }>).map((u) => [u.id, u]),
    );
    const rows: Array<{ subscriptionId: string; event: TaskEventRow; payload: WebhookPayload }> = [];
    for (const event of wanted) {
      const task = tasks.get(event.taskId);
      if (!task) continue;
      const reaches = (s: Subscription) => [task.lead_path, ...task.coordinating_paths].some((path) => s.unit_paths.some((root) => path.startsWith(root)));
      const actor = event.actorId ? actors.get(event.actorId) : undefined;
      const payload: WebhookPayload = {
        id: event.id,
        type: event.kind,
        occurredAt: event.at.toISOString(),
        task: {
          id: task.id,
          code: task.code,
          title: task.title,
          leadUnit: { code: task.lead_code, name: task.lead_name },
          deadline: task.deadline,
          state: task.state,
          progressPercent: task.progress_percent,
        },
        actor: actor ? { id: actor.id, username: actor.username, fullName: actor.full_name } : null,
        data: event.payload,
      };
      for (const s of subscriptions) if (s.event_types.includes(event.kind) && reaches(s)) rows.push({ subscriptionId: s.id, event, payload });
    }
    if (rows.length === 0) return null;
    const inserted: Array<{ id: string }> = await m.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, task_id, payload, created_at)
       SELECT s, e, k, t, p, $6 FROM unnest($1::uuid[], $2::bigint[], $3::varchar[], $4::uuid[], $5::jsonb[]) AS x(s, e, k, t, p)
       ON CONFLICT (event_id, subscription_id) DO NOTHING RETURNING id::text`,
      [
        rows.map((r) => r.subscriptionId),
        rows.map((r) => r.event.id),
        rows.map((r) => r.event.kind),
        rows.map((r) => r.event.taskId),
        rows.map((r) => JSON.stringify(r.payload)),
        this.clock.now(),
      ],
    );
    const ids = inserted.map((r) => r.id);
    return ids.length ? () => this.queue.enqueue(ids) : null;
  }
}
