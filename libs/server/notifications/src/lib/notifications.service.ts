import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationView, Page } from '@tiendo/contracts';
import { Clock, notFound } from '@tiendo/server-core';
import { DataSource } from 'typeorm';

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

/** A user's in-product notifications. Each user reaches only their own: anything else is 404. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

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
    return toView(rows[0]);
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    const [, marked] = await this.db.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [userId, this.clock.now()]);
    return { marked };
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
