import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks. `webhook_subscriptions` (written by the API: admins) name a URL, the event types and the units; the
 * signing secret is stored as it is, because the worker must sign with it (a hash cannot sign): whoever reads the
 * database can forge this product's signatures to the receivers, so the table is as confidential as the API's
 * JWT_SECRET. `webhook_deliveries` (written by the worker only) hold one row per event and subscription (unique: an
 * event is delivered once per subscription however many workers run), with the body as sent, and
 * `webhook_delivery_attempts` each try: status code, error, duration, moment.
 */
export class Webhooks1796831000000 implements MigrationInterface {
  name = 'Webhooks1796831000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        url varchar(2000) NOT NULL,
        secret varchar(100) NOT NULL,
        event_types varchar(40)[] NOT NULL CHECK (cardinality(event_types) > 0),
        active boolean NOT NULL DEFAULT true,
        created_by_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        disabled_at timestamptz,
        disabled_by_id uuid REFERENCES users(id)
      )`);
    await q.query(`
      CREATE TABLE webhook_subscription_units (
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        PRIMARY KEY (subscription_id, unit_id)
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
        -- no foreign key: the retention purge deletes dispatched events; the delivery keeps its body (payload)
        event_id bigint NOT NULL,
        event_type varchar(40) NOT NULL,
        task_id uuid NOT NULL REFERENCES tasks(id),
        payload jsonb NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_once UNIQUE (event_id, subscription_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (id) WHERE state = 'pending'`);
    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        status_code smallint,
        error varchar(500),
        duration_ms integer NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscription_units`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}
