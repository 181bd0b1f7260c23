import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeliveryItem, NotificationsService } from '@tiendo/server-notifications';
import { DataSource, EntityManager } from 'typeorm';

/** One message to one person on one channel (reminders use the in-product and e-mail channels). */
export type Delivery = DeliveryItem & { channel: 'in_app' | 'email' };

/**
 * The reminders' deliveries. Writing them (and their in-product notifications) is the notifications feature's:
 * `NotificationsService.deliver` holds the exactly-once key. The e-mail channel's queries (pending e-mails for the
 * watchdog and the reconcile) stay here beside the e-mail job, shared by reminders and task event notifications.
 */
@Injectable()
export class ReminderDeliveries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  /** Writes what was not delivered before; returns the ids of new e-mail deliveries to send. */
  deliver(items: Delivery[], manager?: EntityManager): Promise<{ inApp: number; emails: string[] }> {
    return this.notifications.deliver(items, manager);
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
        `SELECT id FROM reminder_deliveries WHERE status = 'pending' AND channel = 'email' AND id > $1 ORDER BY id LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => r.id);
      after = rows[rows.length - 1].id;
    }
  }
}
