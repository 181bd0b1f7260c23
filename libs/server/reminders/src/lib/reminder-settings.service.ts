import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_REMINDER_SETTINGS, ReminderSettings } from '@tiendo/domain';
import { Clock } from '@tiendo/server-core';
import { DataSource } from 'typeorm';

const KEY = 'reminders';

@Injectable()
export class ReminderSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<ReminderSettings> {
    const [row] = await this.db.query(`SELECT value FROM settings WHERE key = $1`, [KEY]);
    return { ...DEFAULT_REMINDER_SETTINGS, ...(row?.value ?? {}) };
  }

  async set(settings: ReminderSettings, actorId: string): Promise<ReminderSettings> {
    await this.db.query(
      `INSERT INTO settings (key, value, updated_at, updated_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id`,
      [KEY, JSON.stringify(settings), this.clock.now(), actorId],
    );
    return settings;
  }
}
