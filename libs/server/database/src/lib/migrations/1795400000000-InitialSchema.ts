import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units, users and sessions, source documents, tasks with their full history (completions, cancellations,
 * deadline changes, progress notes) and the append-only change log. Instants are timestamptz; deadlines and
 * other calendar days are `date`, meant as days in Asia/Ho_Chi_Minh.
 */
export class InitialSchema1795400000000 implements MigrationInterface {
  name = 'InitialSchema1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL,
        name varchar(255) NOT NULL,
        kind varchar(32) NOT NULL DEFAULT 'department',
        parent_id uuid REFERENCES units(id),
        -- '/<root id>/…/<own id>/': a subtree is every path that starts with its root's path
        path text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX units_code_key ON units (upper(code))`);
    await q.query(`CREATE INDEX units_path_idx ON units (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        full_name varchar(255) NOT NULL,
        email varchar(255),
        unit_id uuid NOT NULL REFERENCES units(id),
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'leader', 'monitor', 'unit_head', 'staff')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await q.query(`CREATE INDEX users_unit_idx ON users (unit_id)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        session_started_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);

    await q.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        username varchar(64) NOT NULL,
        succeeded boolean NOT NULL,
        ip varchar(64),
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_attempts_username_at_idx ON login_attempts (lower(username), at)`);

    await q.query(`
      CREATE TABLE security_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id uuid,
        event varchar(64) NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        ip varchar(64)
      )`);

    await q.query(`
      CREATE TABLE holidays (
        date date PRIMARY KEY,
        name varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE source_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(64) NOT NULL,
        type varchar(32) NOT NULL DEFAULT 'other',
        title varchar(500) NOT NULL,
        issued_on date,
        issuer varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX source_documents_number_key ON source_documents (upper(number))`);

    await q.query(`CREATE SEQUENCE task_code_seq`);
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(40) NOT NULL,
        title varchar(500) NOT NULL,
        description text NOT NULL DEFAULT '',
        source_document_id uuid REFERENCES source_documents(id),
        lead_unit_id uuid NOT NULL REFERENCES units(id),
        assignee_id uuid REFERENCES users(id),
        assigned_by_id uuid NOT NULL REFERENCES users(id),
        assigned_on date NOT NULL,
        original_deadline date,
        -- the deadline in force now; its history is in task_extensions
        deadline date,
        priority varchar(16) NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        is_key_task boolean NOT NULL DEFAULT false,
        progress_percent smallint NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        state varchar(16) NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'cancelled')),
        completed_at timestamptz,
        completion_result text,
        cancelled_at timestamptz,
        cancel_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tasks_original_deadline_after_assignment CHECK (original_deadline IS NULL OR original_deadline >= assigned_on),
        CONSTRAINT tasks_completed_has_moment CHECK (state <> 'completed' OR completed_at IS NOT NULL),
        CONSTRAINT tasks_cancelled_has_moment CHECK (state <> 'cancelled' OR cancelled_at IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX tasks_code_key ON tasks (upper(code))`);
    await q.query(`CREATE INDEX tasks_lead_unit_deadline_idx ON tasks (lead_unit_id, deadline)`);
    await q.query(`CREATE INDEX tasks_assignee_idx ON tasks (assignee_id)`);
    await q.query(`CREATE INDEX tasks_source_document_idx ON tasks (source_document_id)`);
    await q.query(`CREATE INDEX tasks_assigned_on_idx ON tasks (assigned_on)`);
    await q.query(`CREATE INDEX tasks_search_idx ON tasks USING gin ((code || ' ' || title) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE task_coordinating_units (
        task_id uuid NOT NULL REFERENCES tasks(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        PRIMARY KEY (task_id, unit_id)
      )`);
    await q.query(`CREATE INDEX task_coordinating_units_unit_idx ON task_coordinating_units (unit_id)`);

    await q.query(`
      CREATE TABLE task_progress_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        author_id uuid NOT NULL REFERENCES users(id),
        percent smallint NOT NULL CHECK (percent BETWEEN 0 AND 100),
        note text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX task_progress_notes_task_idx ON task_progress_notes (task_id, created_at)`);

    await q.query(`
      CREATE TABLE task_completions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        completed_at timestamptz NOT NULL,
        result text NOT NULL,
        reported_by_id uuid NOT NULL REFERENCES users(id),
        -- set when the completion was returned for redo (trả lại) or reopened
        returned_at timestamptz,
        return_reason text,
        returned_by_id uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX task_completions_task_idx ON task_completions (task_id)`);

    await q.query(`
      CREATE TABLE task_cancellations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        cancelled_at timestamptz NOT NULL,
        reason text NOT NULL,
        cancelled_by_id uuid NOT NULL REFERENCES users(id),
        reopened_at timestamptz,
        reopen_reason text,
        reopened_by_id uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX task_cancellations_task_idx ON task_cancellations (task_id)`);

    await q.query(`
      CREATE TABLE task_extensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        -- 'request': asked for and decided; 'correction': a deadline change by someone who may assign the task
        kind varchar(16) NOT NULL CHECK (kind IN ('request', 'correction')),
        state varchar(16) NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
        reason text NOT NULL,
        previous_deadline date,
        requested_deadline date,
        requested_by_id uuid NOT NULL REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        decided_by_id uuid REFERENCES users(id),
        -- for an approved change, the moment from which the new deadline is in force
        decided_at timestamptz,
        decision_note text
      )`);
    await q.query(`CREATE INDEX task_extensions_task_idx ON task_extensions (task_id)`);
    await q.query(`CREATE UNIQUE INDEX task_extensions_one_pending ON task_extensions (task_id) WHERE state = 'pending'`);

    await q.query(`
      CREATE TABLE task_history (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        actor_id uuid REFERENCES users(id),
        at timestamptz NOT NULL,
        action varchar(32) NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]',
        note text
      )`);
    await q.query(`CREATE INDEX task_history_task_idx ON task_history (task_id, id)`);
    // The history is evidence: the database itself refuses to rewrite it.
    await q.query(`
      CREATE FUNCTION forbid_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await q.query(`
      CREATE TRIGGER task_history_append_only BEFORE UPDATE OR DELETE ON task_history
      FOR EACH ROW EXECUTE FUNCTION forbid_history_rewrite()`);
    await q.query(`
      CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
      FOR EACH ROW EXECUTE FUNCTION forbid_history_rewrite()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'task_history',
      'task_extensions',
      'task_cancellations',
      'task_completions',
      'task_progress_notes',
      'task_coordinating_units',
      'tasks',
      'source_documents',
      'holidays',
      'security_events',
      'login_attempts',
      'refresh_tokens',
      'users',
      'units',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE task_code_seq`);
    await q.query(`DROP FUNCTION forbid_history_rewrite()`);
  }
}
