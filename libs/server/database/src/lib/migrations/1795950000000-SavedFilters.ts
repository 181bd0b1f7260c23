import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's named filters of the task list ("Quá hạn của Vụ Bưu chính"), offered on the list page. The filter is kept
 * as the list's own query string (the link the list page writes), checked by the API before it is stored, so a saved
 * filter opens exactly the list a link would. Names are unique per user, compared without case.
 */
export class SavedFilters1795950000000 implements MigrationInterface {
  name = 'SavedFilters1795950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_filters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL CHECK (length(btrim(name)) > 0),
        query varchar(2000) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    // One name per user (case-insensitive), which also serves "my saved filters" by user.
    await q.query(`CREATE UNIQUE INDEX saved_filters_user_name_key ON saved_filters (user_id, lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_filters`);
  }
}
