import { Injectable } from '@nestjs/common';
import type { OrganisationSettings } from '@tiendo/contracts';
import { AppConfig, Clock } from '@tiendo/server-core';
import { DataSource } from 'typeorm';

const ORGANISATION_KEY = 'organisation';

/**
 * The organisation's name, abbreviation, governing body and place, as the exported documents and the web show them.
 * The values stored by an admin in `settings` (key 'organisation') win; each field not stored falls back to the
 * start-up settings ORG_NAME, ORG_SHORT_NAME, ORG_PARENT, ORG_PLACE (app-config.ts). Read on each export: a rename
 * shows in the next document without a restart.
 */
@Injectable()
export class OrganisationSettingsService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The settings in force: stored values over the start-up defaults. */
  async get(): Promise<OrganisationSettings> {
    const [row] = await this.db.query(`SELECT value FROM settings WHERE key = $1`, [ORGANISATION_KEY]);
    const stored = (row?.value ?? {}) as Partial<OrganisationSettings>;
    return {
      name: stored.name ?? this.config.ORG_NAME,
      shortName: stored.shortName ?? this.config.ORG_SHORT_NAME,
      parent: stored.parent ?? this.config.ORG_PARENT,
      place: stored.place ?? this.config.ORG_PLACE,
    };
  }

  /** Stores all four fields (already validated by the DTO), noting who changed them and when. */
  async set(settings: OrganisationSettings, actorId: string): Promise<OrganisationSettings> {
    const value: OrganisationSettings = {
      name: settings.name,
      shortName: settings.shortName,
      parent: settings.parent,
      place: settings.place,
    };
    await this.db.query(
      `INSERT INTO settings (key, value, updated_at, updated_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id`,
      [ORGANISATION_KEY, JSON.stringify(value), this.clock.now(), actorId],
    );
    return value;
  }
}
