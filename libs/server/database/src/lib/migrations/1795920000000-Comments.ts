import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments on a task (libs/server/comments): the thread and who each comment mentions. (The files under a comment
 * are the files feature's: `task_attachments.attached_to_kind = 'comment'`.)
 *
 * - A comment is never erased: a deletion sets `deleted_at`/`deleted_by_id` (the thread shows "deleted", the history
 *   keeps who and when), an edit sets `edited_at` (the previous body is kept in task_history).
 * - The body is plain text as typed (NFC), 1–5,000 characters: the limit is the service's, repeated here so that no
 *   other writer can exceed it.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE comment_mentions`);
    await q.query(`DROP TABLE task_comments`);
  }
}
