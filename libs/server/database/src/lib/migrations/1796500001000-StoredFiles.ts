import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files that belong to something other than a task: the template of a reporting obligation (mẫu báo cáo). Their bytes
 * are the attachments' (`attachment_blobs`, the store under SHA-256, once however often used); a row here names one
 * upload (name, size, type, who, when, and what it was uploaded for: `owner_kind`, `owner_id`). Rows are never changed
 * nor deleted: a template replaced or removed stays here, named by the obligation's history, so nothing a user
 * uploaded is lost; the purge of unreferenced bytes (DeletedAttachmentsPurge) counts these rows as references.
 * Written by AttachmentsService only (libs/server/attachments); `report_obligations.template_file_id` points at one.
 */
export class StoredFiles1796500001000 implements MigrationInterface {
  name = 'StoredFiles1796500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stored_files (
        id uuid PRIMARY KEY,
        sha256 char(64) NOT NULL REFERENCES attachment_blobs(sha256),
        name varchar(255) NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        content_type varchar(127) NOT NULL,
        owner_kind varchar(32) NOT NULL CHECK (owner_kind IN ('report_obligation_template')),
        owner_id uuid NOT NULL,
        uploaded_by_id uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX stored_files_sha256_idx ON stored_files (sha256)`);
    await q.query(`CREATE INDEX stored_files_owner_idx ON stored_files (owner_kind, owner_id, uploaded_at)`);
    await q.query(`
      CREATE TRIGGER stored_files_append_only BEFORE UPDATE OR DELETE ON stored_files
      FOR EACH ROW EXECUTE FUNCTION forbid_history_rewrite()`);
    await q.query(`ALTER TABLE report_obligations ADD CONSTRAINT report_obligations_template_file_fk FOREIGN KEY (template_file_id) REFERENCES stored_files(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_obligations DROP CONSTRAINT report_obligations_template_file_fk`);
    await q.query(`DROP TABLE stored_files`);
  }
}
