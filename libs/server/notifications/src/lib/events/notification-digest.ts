import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, formatLocalDate, LocalDate, startOfLocalDay, toLocalDate } from '@tiendo/domain';
import { AppConfig, Clock } from '@tiendo/server-core';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../notifications.service';
import { digestMessage } from './event-messages';

/** Users taken per look; each user's digest is its own transaction. */
const USERS_PER_PAGE = 200;

/**
 * The daily e-mail digest: for each user, the notifications they chose to receive as a digest ('digest' rows of the
 * deliveries, pending) from before today's NOTIFICATION_DIGEST_HOUR (Asia/Ho_Chi_Minh) become one e-mail, subject
 * `digest:<day>`, so at most one per user per day whatever repeats or runs at once. Looked at on the dispatcher's
 * timer rather than at one moment: a worker down at the hour sends the digest when it comes back (catch-up), and
 * a run that dies half way leaves the rest pending for the next look. The digest e-mail is written, and its rows
 * marked delivered, in one transaction; a user whose digest of the day went already keeps newer rows for tomorrow's.
 */
@Injectable()
export class NotificationDigest {
  private readonly logger = new Logger(NotificationDigest.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The last digest moment at or before now, and its local day. */
  cutoff(now = this.clock.now()): { at: Date; day: LocalDate } {
    const hourMs = this.config.NOTIFICATION_DIGEST_HOUR * 3_600_000;
    const today = toLocalDate(now);
    const todays = new Date(startOfLocalDay(today).getTime() + hourMs);
    if (now.getTime() >= todays.getTime()) return { at: todays, day: today };
    const yesterday = addDays(today, -1);
    return { at: new Date(startOfLocalDay(yesterday).getTime() + hourMs), day: yesterday };
  }

  /** Sends the digest of the last digest moment to every user who has rows waiting from before it. Returns new e-mail ids. */
  async runDue(): Promise<{ users: number; emails: string[] }> {
    const { at, day } = this.cutoff();
    const done = new Set<string>();
    const emails: string[] = [];
    for (;;) {
      const users: Array<{ recipient_id: string }> = await this.db.query(
        `SELECT DISTINCT recipient_id FROM reminder_deliveries
          WHERE channel = 'digest' AND status = 'pending' AND created_at < $1 AND NOT (recipient_id = ANY($2::uuid[])) LIMIT $3`,
        [at, [...done], USERS_PER_PAGE],
      );
      if (users.length === 0) break;
      for (const { recipient_id } of users) {
        done.add(recipient_id);
        emails.push(...(await this.digestOf(recipient_id, at, day)));
      }
    }
    if (done.size) this.logger.log(`digest of ${day}: ${done.size} users, ${emails.length} e-mails`);
    return { users: done.size, emails };
  }

  private digestOf(userId: string, at: Date, day: LocalDate): Promise<string[]> {
    return this.db.transaction(async (m) => {
      // Locked until commit: a second worker skips them (and finds them delivered afterwards).
      const rows: Array<{ id: string; title: string; body: string; link: string | null }> = await m.query(
        `SELECT id, title, body, link FROM reminder_deliveries
          WHERE recipient_id = $1 AND channel = 'digest' AND status = 'pending' AND created_at < $2
          ORDER BY created_at, id FOR UPDATE SKIP LOCKED`,
        [userId, at],
      );
      if (rows.length === 0) return [];
      const msg = digestMessage(formatLocalDate(day), rows, this.config.PUBLIC_URL);
      const written = await this.notifications.deliver(
        [{ subjectKey: `digest:${day}`, kind: 'notification_digest', taskId: null, recipientId: userId, channel: 'email', ...msg }],
        m,
      );
      // Today's digest went already (its key is taken): these wait for tomorrow's.
      if (written.emails.length === 0) return [];
      await m.query(`UPDATE reminder_deliveries SET status = 'delivered', delivered_at = $2 WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id), this.clock.now()]);
      return written.emails;
    });
  }
}
