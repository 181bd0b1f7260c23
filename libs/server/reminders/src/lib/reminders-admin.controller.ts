import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ReminderSettings } from '@tiendo/domain';
import type { DeliveryView } from '@tiendo/contracts';
import { Actor, ApiAnswer, AppConfig, CurrentActor, MayBeOmitted, notFound, refuse, Roles, UuidParamPipe } from '@tiendo/server-core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { redisConnection } from './redis-connection';
import { EMAIL_QUEUE, REMINDERS_QUEUE } from './reminder-jobs';
import { ReminderSettingsService } from './reminder-settings.service';

class ReminderSettingsDto implements ReminderSettings {
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(60, { each: true })
  @Type(() => Number)
  beforeWorkingDays!: number[];

  @IsBoolean()
  onDeadlineDay!: boolean;

  @IsBoolean()
  overdueDaily!: boolean;

  @IsInt()
  @Min(1)
  @Max(100)
  escalateToUnitHeadAfter!: number;

  @IsInt()
  @Min(1)
  @Max(100)
  escalateToMonitorAfter!: number;

  @IsInt()
  @Min(0)
  @Max(23)
  sendHour!: number;

  @IsInt()
  @Min(0)
  @Max(23)
  monthlyHour!: number;
}

class DeliveriesQuery {
  @MayBeOmitted()
  @IsIn(['failed', 'pending', 'delivered'])
  status?: 'failed' | 'pending' | 'delivered';
}

/** Reminder settings and what was (not) delivered, for admins. Reaches Redis only for the queue counts. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
export class RemindersAdminController {
  constructor(
    private readonly settings: ReminderSettingsService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  @ApiAnswer('ReminderSettings', { summary: 'Cài đặt nhắc hạn' })
  @Get('reminder-settings')
  getSettings(): Promise<ReminderSettings> {
    return this.settings.get();
  }

  /** Takes effect at the next run; the schedule hours at the worker's next reconcile (within ten minutes). */
  @ApiAnswer('ReminderSettings', { summary: 'Sửa cài đặt nhắc hạn' })
  @Put('reminder-settings')
  setSettings(@CurrentActor() actor: Actor, @Body() dto: ReminderSettingsDto): Promise<ReminderSettings> {
    return this.settings.set({ ...dto }, actor.id);
  }

  /** E-mail deliveries by status: failed ones keep their reason. */
  @ApiAnswer.list('DeliveryView', { summary: 'Các thư nhắc đã gửi hoặc lỗi (200 mới nhất)' })
  @Get('deliveries')
  async deliveries(@Query() q: DeliveriesQuery): Promise<DeliveryView[]> {
    return this.db.query(
      `SELECT d.id, d.subject_key AS "subjectKey", d.channel, d.status, d.attempts, d.last_error AS "lastError", d.title,
              d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", u.username AS recipient
         FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id
        WHERE d.channel = 'email' AND ($1::text IS NULL OR d.status = $1) ORDER BY d.created_at DESC LIMIT 200`,
      [q.status ?? null],
    );
  }

  /** Sends a failed e-mail again: it is pending, and the worker queues it at its next reconcile. */
  @ApiAnswer('DeliveryRetryView', { summary: 'Gửi lại một thư nhắc bị lỗi' })
  @Post('deliveries/:id/retry')
  @HttpCode(200)
  async retry(@Param('id', UuidParamPipe) id: string): Promise<{ status: 'pending' }> {
    const [rows] = await this.db.query(`UPDATE reminder_deliveries SET status = 'pending', attempts = 0 WHERE id = $1 AND channel = 'email' AND status = 'failed' RETURNING id`, [id]);
    if (!rows?.length) throw notFound('Failed delivery');
    return { status: 'pending' };
  }

  /** Waiting, delayed, active and failed jobs of each queue (503 while Redis is unreachable). */
  @ApiAnswer('QueueCounts', { summary: 'Số việc trong từng hàng đợi', errors: [503] })
  @Get('queues')
  async queues(): Promise<Record<string, Record<string, number>>> {
    const result: Record<string, Record<string, number>> = {};
    for (const name of [REMINDERS_QUEUE, EMAIL_QUEUE]) {
      const queue = new Queue(name, {
        prefix: this.config.QUEUE_PREFIX,
        connection: { ...redisConnection(this.config), enableOfflineQueue: false, connectTimeout: 2000, maxRetriesPerRequest: 1 },
      });
      queue.on('error', () => undefined);
      try {
        result[name] = await Promise.race([
          queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed'),
          new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
        ]);
      } catch {
        throw refuse('QUEUE_UNAVAILABLE');
      } finally {
        await queue.close().catch(() => undefined);
      }
    }
    return result;
  }
}
