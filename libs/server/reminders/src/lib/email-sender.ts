import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, Clock } from '@tiendo/server-core';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';

/** Another job holds this delivery right now (it is being sent); retry later, when it will be found delivered. */
export class DeliveryBusyError extends Error {
  constructor(readonly deliveryId: string) {
    super(`delivery ${deliveryId} is being sent by another job`);
  }
}

/** Sends one pending e-mail delivery over SMTP and records the outcome on its row. */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Sends the delivery unless it was sent already (a repeated job sends nothing). Throws when SMTP refuses, and
   * DeliveryBusyError when another job is sending this very delivery right now.
   *
   * The row is locked (FOR UPDATE SKIP LOCKED) from the read until "delivered" is committed, so two jobs for one
   * delivery never both send: after Redis lost its keys the reconcile re-queues every pending e-mail, including one
   * whose first job is still talking to the SMTP server. (A crash between the server's acceptance and the commit
   * leaves the row pending, and it is sent again: SMTP offers nothing atomic.)
   */
  async send(deliveryId: string): Promise<'sent' | 'already'> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // The SMTP conversation happens inside this transaction; its own timeouts (smtp()) stay well below this.
      await runner.query(`SET LOCAL idle_in_transaction_session_timeout = '5min'`);
      const [row] = await runner.query(
        `SELECT d.id, d.status, d.title, d.body, d.link, u.email, u.full_name FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id
          WHERE d.id = $1 AND d.channel = 'email' FOR UPDATE OF d SKIP LOCKED`,
        [deliveryId],
      );
      if (!row) {
        const [held] = await runner.query(`SELECT status FROM reminder_deliveries WHERE id = $1 AND channel = 'email'`, [deliveryId]);
        await runner.commitTransaction();
        // Still pending yet not lockable: another job holds it, mid-send.
        if (held?.status === 'pending') throw new DeliveryBusyError(deliveryId);
        return 'already';
      }
      if (row.status === 'delivered') {
        await runner.commitTransaction();
        return 'already';
      }
      if (!row.email) {
        await runner.query(`UPDATE reminder_deliveries SET status = 'failed', last_error = $2 WHERE id = $1`, [deliveryId, 'the user has no e-mail address']);
        await runner.commitTransaction();
        return 'already';
      }
      try {
        await this.smtp().sendMail({
          from: this.config.MAIL_FROM,
          to: { name: row.full_name, address: row.email },
          subject: row.title,
          text: `${row.body}\n\n${row.link ? `Xem chi tiết: ${row.link}\n\n` : ''}Tắt e-mail trong mục Thông báo, hoặc chọn cách nhận từng loại thông báo trong mục Tài khoản của Tiến Độ.`,
          headers: { 'X-Tiendo-Delivery': deliveryId },
        });
      } catch (err) {
        await runner.query(`UPDATE reminder_deliveries SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [deliveryId, String((err as Error).message).slice(0, 500)]);
        await runner.commitTransaction();
        throw err;
      }
      await runner.query(`UPDATE reminder_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1`, [
        deliveryId,
        this.clock.now(),
      ]);
      await runner.commitTransaction();
      return 'sent';
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** After the last retry: stays visible to admins as failed, with the reason. Nothing is dropped silently. */
  async markFailed(deliveryId: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE reminder_deliveries SET status = 'failed', last_error = $2 WHERE id = $1 AND status <> 'delivered'`, [deliveryId, reason.slice(0, 500)]);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private smtp(): Transporter {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not set');
    // Bounded waits: the delivery's row stays locked while the server is talked to.
    this.transport ??= nodemailer.createTransport({ url: this.config.SMTP_URL, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000, dnsTimeout: 10_000 });
    return this.transport;
  }
}
