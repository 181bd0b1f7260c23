import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every stored text to NFC, but the append-only tables; only text not yet in NFC is written. */
const STORED_TEXT_TO_NFC = `
      DO $$
      DECLARE
        col record;
      BEGIN
        FOR col IN
          SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE c.table_schema = current_schema()
             AND t.table_type = 'BASE TABLE'
             AND c.data_type IN ('text', 'character varying')
             AND c.table_name NOT IN ('task_history', 'security_events', 'migrations')
           ORDER BY c.table_name, c.column_name
        LOOP
          BEGIN
            EXECUTE format('UPDATE %I SET %I = normalize(%I, NFC) WHERE %I IS NOT NFC NORMALIZED',
                           col.table_name, col.column_name, col.column_name, col.column_name);
          EXCEPTION WHEN unique_violation THEN
            RAISE WARNING '%.% holds the same value in NFD and NFC spellings; left as it is', col.table_name, col.column_name;
          END;
        END LOOP;
      END $$`;

/**
 * Search that finds what Vietnamese users type, and one spelling of every stored text.
 *
 * 1. Stored text to Unicode NFC (the API and the import normalise every text that enters from now on; see
 *    libs/server/core/src/lib/input-text.ts). Only the spelling changes: NFD "a" + U+0301 becomes "á". The
 *    append-only tables (task_history, security_events) keep what was written. A unique column where an NFD and an
 *    NFC spelling of the same value both exist is left as it is, with a warning naming it: merging them is a
 *    person's decision.
 * 2. `search_key(text)`: the form both sides of a search are compared in: tone marks and diacritics removed
 *    (`unaccent`, which maps đ/Đ to d), lower case, runs of white space (NBSP too) as one space. `unaccent()` is
 *    only STABLE (its dictionary could change), so it is wrapped with the dictionary named explicitly in an
 *    IMMUTABLE function that indexes may use.
 * 3. `tasks.search_text`: the task's code, title and source document (number and title), each as a search key, one
 *    per line (a typed query never holds a line break, so a match never spans two fields). Kept by triggers on
 *    tasks and source_documents, so every writer (API, import, SQL) keeps it right. A GIN trigram index for searches
 *    over many units, and a covering B-tree by lead unit for searches within a unit head's few.
 * 4. GIN trigram indexes on the search keys of users (username, full name), units (code, name) and source
 *    documents (number, title): the same expressions the lists' SQL uses (libs/server/core/src/lib/text-search.ts).
 *
 * `unaccent` and `pg_trgm` are trusted extensions (PostgreSQL 13+): the application's database owner may create
 * them without being a superuser. Both are in Debian's postgresql-15 (contrib).
 */
export class TextSearch1795840000000 implements MigrationInterface {
  name = 'TextSearch1795840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(STORED_TEXT_TO_NFC);

    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    // pg_trgm: created by InitialSchema.
    await q.query(`
      CREATE FUNCTION search_key(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN lower(btrim(regexp_replace(public.unaccent('public.unaccent'::regdictionary, $1), '[\\s\\u00a0]+', ' ', 'g')))`);

    // At most 2,400 bytes, so that it fits a B-tree entry (2,704 bytes) of the covering index below: Vietnamese is
    // ASCII once unaccented (code 40 + title 500 + number 64 + document title 500 characters always fit); only text
    // in other scripts, over 2,400 bytes, is searched in its first 600 characters.
    await q.query(`
      CREATE FUNCTION task_search_text(code text, title text, document_id uuid) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE
      BEGIN ATOMIC
        SELECT CASE WHEN octet_length(k.s) <= 2400 THEN k.s ELSE left(k.s, 600) END
          FROM (SELECT search_key(code) || E'\\n' || search_key(title)
                       || coalesce((SELECT E'\\n' || search_key(d.number) || E'\\n' || search_key(d.title)
                                      FROM source_documents d WHERE d.id = document_id), '') AS s) k;
      END`);
    await q.query(`ALTER TABLE tasks ADD COLUMN search_text text`);
    await q.query(`UPDATE tasks SET search_text = task_search_text(code, title, source_document_id)`);
    await q.query(`ALTER TABLE tasks ALTER COLUMN search_text SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION tasks_keep_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := task_search_text(NEW.code, NEW.title, NEW.source_document_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tasks_search_text BEFORE INSERT OR UPDATE OF code, title, source_document_id ON tasks
        FOR EACH ROW EXECUTE FUNCTION tasks_keep_search_text()`);
    await q.query(`
      CREATE FUNCTION source_documents_keep_task_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tasks SET search_text = task_search_text(code, title, source_document_id) WHERE source_document_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER source_documents_task_search_text AFTER UPDATE OF number, title ON source_documents
        FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.title IS DISTINCT FROM NEW.title)
        EXECUTE FUNCTION source_documents_keep_task_search_text()`);

    // The old index served ILIKE on code || ' ' || title, which the list no longer runs.
    await q.query(`DROP INDEX tasks_search_idx`);
    await q.query(`CREATE INDEX tasks_search_text_idx ON tasks USING gin (search_text gin_trgm_ops)`);
    // A unit's tasks with their search text, read from the index alone: a unit head's search of a common phrase
    // ("bao cao", a fifth of all tasks) filters their units' entries instead of the trigram index's 200,000 rows,
    // and never visits the table (BENCHMARKS.md: 85 ms → 5 ms on 1,000,000 tasks).
    await q.query(`CREATE INDEX tasks_lead_unit_search_idx ON tasks (lead_unit_id) INCLUDE (deadline, code, id, search_text)`);
    await q.query(`CREATE INDEX users_search_idx ON users USING gin ((search_key(username) || E'\\n' || search_key(full_name)) gin_trgm_ops)`);
    await q.query(`CREATE INDEX units_search_idx ON units USING gin ((search_key(code) || E'\\n' || search_key(name)) gin_trgm_ops)`);
    await q.query(`CREATE INDEX source_documents_search_idx ON source_documents USING gin ((search_key(number) || E'\\n' || search_key(title)) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX source_documents_search_idx`);
    await q.query(`DROP INDEX units_search_idx`);
    await q.query(`DROP INDEX users_search_idx`);
    await q.query(`DROP INDEX tasks_lead_unit_search_idx`);
    await q.query(`DROP INDEX tasks_search_text_idx`);
    await q.query(`CREATE INDEX tasks_search_idx ON tasks USING gin ((code || ' ' || title) gin_trgm_ops)`);
    await q.query(`DROP TRIGGER source_documents_task_search_text ON source_documents`);
    await q.query(`DROP FUNCTION source_documents_keep_task_search_text()`);
    await q.query(`DROP TRIGGER tasks_search_text ON tasks`);
    await q.query(`DROP FUNCTION tasks_keep_search_text()`);
    await q.query(`ALTER TABLE tasks DROP COLUMN search_text`);
    await q.query(`DROP FUNCTION task_search_text(text, text, uuid)`);
    await q.query(`DROP FUNCTION search_key(text)`);
    // pg_trgm predates this migration (InitialSchema created it); unaccent came with it.
    await q.query(`DROP EXTENSION unaccent`);
    // NFC normalisation is not undone: the NFD spellings are not kept, and NFC text means the same.
  }
}
