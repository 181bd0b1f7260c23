import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, Clock } from '@tiendo/server-core';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';

/** Sends one pending e-mail delivery over SMTP and records the outcome on its row. */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Sends the delivery unless it was sent already (a repeated job sends nothing). Throws when SMTP refuses. */
  async send(deliveryId: string): Promise<'sent' | 'already'> {
    const [row] = await this.db.query(
      `SELECT d.id, d.status, d.title, d.body, d.link, u.email, u.full_name FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id
        WHERE d.id = $1 AND d.channel = 'email'`,
      [deliveryId],
    );
    if (!row || row.status === 'delivered') return 'already';
    if (!row.email) {
      await this.markFailed(deliveryId, 'the user has no e-mail address');
      return 'already';
    }
    try {
      await this.smtp().sendMail({
        from: this.config.MAIL_FROM,
        to: { name: row.full_name, address: row.email },
        subject: row.title,
        text: `${row.body}\n\n${row.link ? `Xem chi tiết: ${row.link}\n\n` : ''}Tắt thông báo qua e-mail trong mục Thông báo của Tiến Độ.`,
        headers: { 'X-Tiendo-Delivery': deliveryId },
      });
    } catch (err) {
      await this.db.query(`UPDATE reminder_deliveries SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [deliveryId, String((err as Error).message).slice(0, 500)]);
      throw err;
    }
    await this.db.query(`UPDATE reminder_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1`, [
      deliveryId,
      this.clock.now(),
    ]);
    return 'sent';
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
    this.transport ??= nodemailer.createTransport(this.config.SMTP_URL);
    return this.transport;
  }
}
