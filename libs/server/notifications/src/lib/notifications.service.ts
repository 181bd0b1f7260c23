import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationView, Page } from '@tiendo/contracts';
import { Clock, notFound } from '@tiendo/server-core';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One message to one person on one channel. `subjectKey` + recipient + channel name it once and for all (the unique
 * key of the deliveries table): `task:<id>|<reminder>|<deadline>` for reminders, `event:<event id>` and
 * `burst:<kind>:<first event id>` for task events, `digest:<day>` for the daily digest e-mail.
 * - `in_app`: the bell (a notification row, pushed live by the trigger on `notifications`);
 * - `email`: an e-mail row left `pending` for the e-mail job (sent once, re-queued from PostgreSQL if Redis loses it);
 * - `digest`: a row left `pending` until the user's daily digest e-mail carries it.
 */
export interface DeliveryItem {
  subjectKey: string;
  kind: string;
  taskId: string | null;
  recipientId: string;
  channel: 'in_app' | 'email' | 'digest';
  title: string;
  body: string;
  link: string | null;
}

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  task_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const toView = (r: Row): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  taskId: r.task_id,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

/**
 * A user's in-product notifications, and THE writer of the `notifications` table and its deliveries (reminders and the
 * task event dispatcher write through `deliver`). Each user reaches only their own: anything else is 404.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Where "exactly once" is enforced: a delivery row per (subject, recipient, channel) under the unique key with
   * ON CONFLICT DO NOTHING, and the in-product notification written in the same transaction as its row. Running the
   * same items twice, or two workers at once, inserts nothing the second time. E-mail and digest rows wait as
   * `pending`. Runs in `manager`'s transaction when given (the dispatcher's, which also marks its events dispatched),
   * else in one of its own.
   * @returns the number of new in-product notifications and the ids of new e-mail deliveries (to queue for sending).
   */
  async deliver(items: DeliveryItem[], manager?: EntityManager): Promise<{ inApp: number; emails: string[] }> {
    if (items.length === 0) return { inApp: 0, emails: [] };
    const run = async (m: EntityManager) => {
      const now = this.clock.now();
      const col = <K extends keyof DeliveryItem>(k: K) => items.map((i) => i[k]);
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
        const rows = inApp.map((r) => ({ delivery: r.id, item: byKey.get(`${r.subject_key}|${r.recipient_id}|in_app`) as DeliveryItem }));
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

  async list(userId: string, page = 1, pageSize = 20, unreadOnly = false): Promise<Page<NotificationView> & { unread: number }> {
    const filter = unreadOnly ? 'AND read_at IS NULL' : '';
    const [rows, [{ total }], unread] = await Promise.all([
      this.db.query(
        `SELECT id, kind, title, body, link, task_id, created_at, read_at FROM notifications
          WHERE user_id = $1 ${filter} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [userId, pageSize, (page - 1) * pageSize],
      ) as Promise<Row[]>,
      this.db.query(`SELECT count(*)::int AS total FROM notifications WHERE user_id = $1 ${filter}`, [userId]),
      this.unreadCount(userId),
    ]);
    return { items: rows.map(toView), total, unread };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return n;
  }

  async markRead(userId: string, id: string): Promise<NotificationView> {
    const [rows] = await this.db.query(
      `UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2
       RETURNING id, kind, title, body, link, task_id, created_at, read_at`,
      [id, userId, this.clock.now()],
    );
    if (!rows?.length) throw notFound('Notification');
    await this.announceRead(userId);
    return toView(rows[0]);
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    const [, marked] = await this.db.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [userId, this.clock.now()]);
    if (marked > 0) await this.announceRead(userId);
    return { marked };
  }

  /**
   * A read moves the count on the user's other tabs and devices: the same channel as a new notification (the
   * insert trigger's `tiendo_notifications`), so every open stream of that user recounts and pushes `{ unread }`.
   */
  private async announceRead(userId: string): Promise<void> {
    await this.db.query(`SELECT pg_notify('tiendo_notifications', $1)`, [userId]);
  }

  async setEmailNotifications(userId: string, enabled: boolean): Promise<{ emailNotifications: boolean }> {
    await this.db.query(`UPDATE users SET email_notifications = $2 WHERE id = $1`, [userId, enabled]);
    return { emailNotifications: enabled };
  }

  async emailNotifications(userId: string): Promise<{ emailNotifications: boolean }> {
    const [row] = await this.db.query(`SELECT email_notifications FROM users WHERE id = $1`, [userId]);
    return { emailNotifications: Boolean(row?.email_notifications) };
  }
}
