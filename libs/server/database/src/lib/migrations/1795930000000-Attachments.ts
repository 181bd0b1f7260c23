import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files on tasks. The bytes live in the store (a folder or an S3 bucket) under their SHA-256, once however often they
 * are attached: `attachment_blobs` has one row per stored object, `task_attachments` one row per attachment (a name,
 * who uploaded it, what it is attached to). A deleted attachment keeps its row (`deleted_at`) for 30 days so an admin
 * can restore it; a blob is removed from the store only when no row refers to it any more, under the blob row's lock
 * (an upload of the same bytes waits for it, then stores them again).
 * `completion_evidence_rules`: whether reporting a task's completion needs at least one file, set per lead unit or per
 * source document type.
 */
export class Attachments1795930000000 implements MigrationInterface {
  name = 'Attachments1795930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment_blobs (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size >= 0),
        content_type varchar(127) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE task_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        sha256 char(64) NOT NULL REFERENCES attachment_blobs(sha256),
        name varchar(255) NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        content_type varchar(127) NOT NULL,
        -- what the file is attached to: the task itself, or one of its completion reports, progress notes or comments
        attached_to_kind varchar(16) NOT NULL DEFAULT 'task' CHECK (attached_to_kind IN ('task', 'completion', 'progress_note', 'comment')),
        attached_to_id uuid,
        uploaded_by_id uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL,
        deleted_at timestamptz,
        deleted_by_id uuid REFERENCES users(id),
        CONSTRAINT task_attachments_target CHECK ((attached_to_kind = 'task') = (attached_to_id IS NULL)),
        CONSTRAINT task_attachments_deleted_by CHECK ((deleted_at IS NULL) = (deleted_by_id IS NULL))
      )`);
    await q.query(`CREATE INDEX task_attachments_task_idx ON task_attachments (task_id, uploaded_at)`);
    await q.query(`CREATE INDEX task_attachments_sha256_idx ON task_attachments (sha256)`);
    await q.query(`CREATE INDEX task_attachments_target_idx ON task_attachments (attached_to_kind, attached_to_id) WHERE attached_to_id IS NOT NULL`);
    await q.query(`CREATE INDEX task_attachments_deleted_idx ON task_attachments (deleted_at) WHERE deleted_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE completion_evidence_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid UNIQUE REFERENCES units(id),
        document_type varchar(32) UNIQUE,
        require_file boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by_id uuid NOT NULL REFERENCES users(id),
        CONSTRAINT completion_evidence_rules_one_target CHECK ((unit_id IS NULL) <> (document_type IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE completion_evidence_rules`);
    await q.query(`DROP TABLE task_attachments`);
    await q.query(`DROP TABLE attachment_blobs`);
  }
}
