import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments on a task (libs/server/comments): the thread, who each comment mentions, and the files shown under it.
 *
 * - A comment is never erased: a deletion sets `deleted_at`/`deleted_by_id` (the thread shows "deleted", the history
 *   keeps who and when), an edit sets `edited_at` (the previous body is kept in task_history).
 * - The body is plain text as typed (NFC), 1–5,000 characters: the limit is the service's, repeated here so that no
 *   other writer can exceed it.
 * - `comment_attachments` names files of the same task (`task_attachments`, created by the next migration of the
 *   files feature); the service checks each id against that table, so no foreign key is declared here.
 * - The timeline reads a task's comments newest first: (task_id, created_at DESC, id DESC) serves it.
 */
export class Comments1795920000000 implements MigrationInterface {
  name = 'Comments1795920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL,
        edited_at timestamptz NULL,
        deleted_at timestamptz NULL,
        deleted_by_id uuid NULL REFERENCES users(id),
        CHECK ((deleted_at IS NULL) = (deleted_by_id IS NULL))
      )`);
    await q.query(`CREATE INDEX task_comments_task_idx ON task_comments (task_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE comment_mentions (
        comment_id uuid NOT NULL REFERENCES task_comments(id),
        user_id uuid NOT NULL REFERENCES users(id),
        PRIMARY KEY (comment_id, user_id)
      )`);
    await q.query(`CREATE INDEX comment_mentions_user_idx ON comment_mentions (user_id)`);
    await q.query(`
      CREATE TABLE comment_attachments (
        comment_id uuid NOT NULL REFERENCES task_comments(id),
        attachment_id uuid NOT NULL,
        PRIMARY KEY (comment_id, attachment_id)
      )`);
    await q.query(`CREATE INDEX comment_attachments_attachment_idx ON comment_attachments (attachment_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE comment_attachments`);
    await q.query(`DROP TABLE comment_mentions`);
    await q.query(`DROP TABLE task_comments`);
  }
}
