import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin's security-events log (GET /api/admin/security-events) reads newest first, by day range, by kind and by
 * user: who acted (actor_id), whom it concerned (detail.userId) or which account name a failed sign-in tried
 * (detail.username). The table grows with every sign-in and every refusal, so each filter gets an index.
 */
export class SecurityEventIndexes1795860000000 implements MigrationInterface {
  name = 'SecurityEventIndexes1795860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX security_events_at_idx ON security_events (at DESC, id DESC)`);
    await q.query(`CREATE INDEX security_events_event_at_idx ON security_events (event, at DESC)`);
    await q.query(`CREATE INDEX security_events_actor_at_idx ON security_events (actor_id, at DESC)`);
    await q.query(`CREATE INDEX security_events_subject_idx ON security_events ((detail->>'userId'))`);
    await q.query(`CREATE INDEX security_events_username_idx ON security_events (lower(detail->>'username'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX security_events_username_idx`);
    await q.query(`DROP INDEX security_events_subject_idx`);
    await q.query(`DROP INDEX security_events_actor_at_idx`);
    await q.query(`DROP INDEX security_events_event_at_idx`);
    await q.query(`DROP INDEX security_events_at_idx`);
  }
}
