import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@tiendo/server-core';
import { DataSource, EntityManager } from 'typeorm';

/** One message to one person on one channel. `subjectKey` + recipient + channel name it once and for all. */
export interface Delivery {
  subjectKey: string;
  kind: string;
  taskId: string | null;
  recipientId: string;
  channel: 'in_app' | 'email';
  title: string;
  body: string;
  link: string | null;
}

/**
 * Where "exactly once" is enforced: a delivery row per (subject, recipient, channel) under a unique key, and the
 * in-product notification written in the same transaction as its row. Running the same batch twice, or two workers
 * at once, inserts nothing the second time. E-mail rows wait as `pending` for the e-mail job.
 */
@Injectable()
export class ReminderDeliveries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes what was not delivered before; returns the ids of new e-mail deliveries to send. */
  async deliver(items: Delivery[], manager?: EntityManager): Promise<{ inApp: number; emails: string[] }> {
    if (items.length === 0) return { inApp: 0, emails: [] };
    const run = async (m: EntityManager) => {
      const now = this.clock.now();
      const col = <K extends keyof Delivery>(k: K) => items.map((i) => i[k]);
      const inserted: Array<{ id: string; channel: string; subject_key: string; recipient_id: string }> = await m.query(
        `INSERT INTO reminder_deliveries (subject_key, task_id, recipient_id, channel, title, body, link, status, created_at, delivered_at)
         SELECT s, t, r, c, ti, b, l, CASE WHEN c = 'in_app' THEN 'delivered' ELSE 'pending' END, $8, CASE WHEN c = 'in_app' THEN $8::timestamptz END
           FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(s, t, r, c, ti, b, l)
         ON CONFLICT (subject_key, recipient_id, channel) DO NOTHING
         RETURNING id, channel, subject_key, recipient_id`,
        [col('subjectKey'), col('taskId'), col('recipientId'), col('channel'), col('title'), col('body'), col('link'), now],
      );
      const byKey = new Map(items.map((i) => [`${i.subjectKey}|${i.recipientId}|${i.channel}`, i]));
      const inApp = inserted.filter((r) => r.channel === 'in_app');
      if (inApp.length > 0) {
        const rows = inApp.map((r) => ({ delivery: r.id, item: byKey.get(`${r.subject_key}|${r.recipient_id}|in_app`) as Delivery }));
        await m.query(
          `INSERT INTO notifications (user_id, task_id, delivery_id, kind, title, body, link, created_at)
           SELECT * , $8::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])`,
          [
            rows.map((r) => r.item.recipientId),
            rows.map((r) => r.item.taskId),
            rows.map((r) => r.delivery),
            rows.map((r) => r.item.kind),
            rows.map((r) => r.item.title),
            rows.map((r) => r.item.body),
            rows.map((r) => r.item.link),
            now,
          ],
        );
      }
      return { inApp: inApp.length, emails: inserted.filter((r) => r.channel === 'email').map((r) => r.id) };
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  /**
   * How many e-mail deliveries are pending: all (`pending`) and those created before `createdBefore` (`old`). Served
   * by the partial index on pending rows, so cheap enough for the watchdog's every check.
   */
  async pendingEmailCounts(createdBefore: Date): Promise<Array<{ pending: number; old: number }>> {
    return this.db.query(
      `SELECT count(*)::int AS pending, (count(*) FILTER (WHERE created_at < $1))::int AS old
         FROM reminder_deliveries WHERE status = 'pending' AND channel = 'email'`,
      [createdBefore],
    );
  }

  /** Every pending e-mail delivery, a page at a time (ordered by id, so pages never overlap or skip). */
  async *pendingEmails(pageSize = 10_000): AsyncGenerator<string[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string }> = await this.db.query(
        `SELECT id FROM reminder_deliveries WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => r.id);
      after = rows[rows.length - 1].id;
    }
  }
}
