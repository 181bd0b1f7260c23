import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-office hand-off (POST /api/documents): one row per document received, keyed by its number and issuer, so the
 * same document sent again is answered with the first result (`result`, as first answered) instead of new tasks, and
 * a different content under the same key is refused. `request_sha256` is the hash of the content as received (the
 * fields in a canonical order and the file's SHA-256). The document's file is a stored file owned by the source
 * document (stored_files.owner_kind 'source_document').
 */
export class IncomingDocuments1796832000000 implements MigrationInterface {
  name = 'IncomingDocuments1796832000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stored_files DROP CONSTRAINT stored_files_owner_kind_check`);
    await q.query(`ALTER TABLE stored_files ADD CONSTRAINT stored_files_owner_kind_check CHECK (owner_kind IN ('report_obligation_template', 'source_document'))`);
    await q.query(`
      CREATE TABLE incoming_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(64) NOT NULL,
        issuer varchar(255) NOT NULL,
        source_document_id uuid NOT NULL REFERENCES source_documents(id),
        file_id uuid NOT NULL REFERENCES stored_files(id),
        request_sha256 char(64) NOT NULL,
        result jsonb NOT NULL,
        api_token_id uuid REFERENCES api_tokens(id),
        received_by_id uuid NOT NULL REFERENCES users(id),
        received_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX incoming_documents_key ON incoming_documents (upper(number), upper(issuer))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incoming_documents`);
    await q.query(`DELETE FROM stored_files WHERE owner_kind = 'source_document'`);
    await q.query(`ALTER TABLE stored_files DROP CONSTRAINT stored_files_owner_kind_check`);
    await q.query(`ALTER TABLE stored_files ADD CONSTRAINT stored_files_owner_kind_check CHECK (owner_kind IN ('report_obligation_template'))`);
  }
}
