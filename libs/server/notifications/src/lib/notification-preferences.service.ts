import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldError, NOTIFICATION_DELIVERIES, NotificationDelivery, NotificationPreferences, TaskEventKind } from '@tiendo/contracts';
import { Clock, fieldError, validationFailed } from '@tiendo/server-core';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_DELIVERY, isTaskEventKind } from './notification-defaults';

/** A user's own choices only (kinds left at their default are absent). */
export type ExplicitPreferences = Partial<Record<TaskEventKind, NotificationDelivery>>;

/**
 * Per user and per kind of task event: in the product ('in_app'), by e-mail at once as well ('email'), in a daily
 * e-mail digest as well ('digest'), or not at all ('off'). Only the choices that differ from nothing are stored: a
 * kind the user never set follows DEFAULT_DELIVERY, so a default changed later reaches everyone who did not choose.
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * `GET /api/me/notification-preferences`: every kind, the user's choice or the default, and `emailAvailable`
   * (the account has an e-mail address). Without one, 'email' and 'digest' are accepted and kept but send nothing
   * (the in-product notification still comes): the answer says so rather than refusing a choice that the defaults
   * themselves make, and that takes effect as soon as an address is added.
   */
  async get(userId: string): Promise<NotificationPreferences> {
    const explicit = (await this.explicitFor([userId])).get(userId) ?? {};
    const [user] = await this.db.query(`SELECT coalesce(trim(email), '') <> '' AS has_email FROM users WHERE id = $1`, [userId]);
    return { preferences: { ...DEFAULT_DELIVERY, ...explicit }, emailAvailable: !!user?.has_email };
  }

  /**
   * `PUT /api/me/notification-preferences` `{ preferences: { <kind>: <delivery> } }`: sets the kinds given (others
   * keep their value) and answers every kind as `get` does. An unknown kind (UNKNOWN_EVENT_KIND) or delivery
   * (UNKNOWN_DELIVERY) is a 400 naming each field `preferences.<kind>`, and nothing is written.
   */
  async set(userId: string, preferences: Record<string, unknown>): Promise<NotificationPreferences> {
    const errors: FieldError[] = [];
    const chosen: Array<[TaskEventKind, NotificationDelivery]> = [];
    for (const [kind, delivery] of Object.entries(preferences)) {
      if (!isTaskEventKind(kind)) errors.push(fieldError(`preferences.${kind}`, 'UNKNOWN_EVENT_KIND', { kind: kind.slice(0, 40) }));
      else if (typeof delivery !== 'string' || !(NOTIFICATION_DELIVERIES as readonly string[]).includes(delivery)) errors.push(fieldError(`preferences.${kind}`, 'UNKNOWN_DELIVERY'));
      else chosen.push([kind, delivery as NotificationDelivery]);
    }
    if (errors.length) throw validationFailed(errors);
    if (chosen.length) {
      await this.db.query(
        `INSERT INTO notification_preferences (user_id, kind, delivery, changed_at)
         SELECT $1, k, d, $4 FROM unnest($2::text[], $3::text[]) AS x(k, d)
         ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery, changed_at = EXCLUDED.changed_at`,
        [userId, chosen.map((c) => c[0]), chosen.map((c) => c[1]), this.clock.now()],
      );
    }
    return this.get(userId);
  }

  /** The stored choices of many users at once (the dispatcher reads them in its transaction). */
  async explicitFor(userIds: string[], manager: EntityManager = this.db.manager): Promise<Map<string, ExplicitPreferences>> {
    const result = new Map<string, ExplicitPreferences>();
    if (userIds.length === 0) return result;
    const rows: Array<{ user_id: string; kind: string; delivery: NotificationDelivery }> = await manager.query(
      `SELECT user_id, kind, delivery FROM notification_preferences WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    for (const r of rows) {
      if (!isTaskEventKind(r.kind)) continue;
      const own = result.get(r.user_id) ?? {};
      own[r.kind] = r.delivery;
      result.set(r.user_id, own);
    }
    return result;
  }
}
