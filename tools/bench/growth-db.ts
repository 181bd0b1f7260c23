// The growth bench's databases (`BENCH_GROWTH=1 npm run bench:api`, see growth.ts): one per size, filled in bulk SQL
// against the migrated schema, kept between runs (a re-run reuses them; `BENCH_GROWTH_REFILL=1` fills them again).
import { runMigrations } from '@tiendo/server-database';
import { hashPassword } from '@tiendo/server-users';
import { Client } from 'pg';
import { BENCH_PASSWORD, benchAdminUrl, benchDbUrl } from './bench-db';

/** Bump when the shape below changes: a database filled by another version is filled again. */
const FILL_VERSION = 'growth-fill v1';
/** The data is built as it stands on this day (the briefing's running month is its month). */
export const GROWTH_TODAY = '2026-11-30';
/** Five years of months: tasks are assigned from 1 December 2021 to 30 November 2026. */
const DAYS = 1826;
const DOCUMENTS = 2000;
const VN = 'Asia/Ho_Chi_Minh';
const VERBS = `ARRAY['Báo cáo', 'Xây dựng', 'Rà soát', 'Tổng hợp', 'Hoàn thiện', 'Triển khai', 'Đánh giá', 'Kiểm tra', 'Chuẩn bị', 'Tham mưu']`;
const OBJECTS = `ARRAY['tình hình thực hiện', 'kế hoạch', 'đề án', 'dự thảo thông tư về', 'chương trình', 'báo cáo tổng kết', 'quy chế', 'phương án']`;
const TOPICS = `ARRAY['chuyển đổi số', 'bưu chính', 'an toàn thông tin mạng', 'viễn thông', 'báo chí', 'xuất bản', 'công nghệ thông tin',
  'tần số vô tuyến điện', 'hạ tầng số', 'kinh tế số', 'đường truyền dữ liệu', 'cải cách hành chính']`;

/** The database of one size: `tiendo_growth_100k`, `tiendo_growth_1m`, `tiendo_growth_3m`. */
export function growthDbName(tasks: number): string {
  const label = tasks % 1_000_000 === 0 ? `${tasks / 1_000_000}m` : tasks % 1000 === 0 ? `${tasks / 1000}k` : String(tasks);
  return `tiendo_growth_${label}`;
}

/** Tables filled here whose secondary indexes are set aside during the load and built again from their definitions. */
const LOADED = ['tasks', 'task_history', 'task_progress_notes', 'task_comments', 'task_attachments', 'task_events', 'task_completions', 'task_cancellations', 'task_extensions'];

/**
 * A ministry with its provinces, at `tasks` tasks over five years (1/12/2021–30/11/2026):
 * - units: the ministry, 30 departments (Vụ/Cục) with 3 divisions each, 63 provincial departments (Sở) with 4
 *   divisions each: 436 units; a head and four staff per unit (2,180 users), the Ministry Office's `head_bo` (monitor);
 * - tasks spread evenly over the 435 units below the ministry and over the days, written in the order they were
 *   assigned (as the app writes them: a month's tasks lie together in the table), deadlines 1 to 12 weeks after
 *   assignment; outcome (by a hash of the task number): 1% cancelled, 7% completed late, 0.3% never completed (old
 *   overdue tasks), the rest completed on time at 30–90% of their span once that day has passed; 2% had a deadline
 *   extension approved (so `simple_history` false, the reports' history branch);
 * - what the app writes along with each task: its history (created, each progress note, completion, cancellation,
 *   extension), 1–3 progress notes, a comment on one task in two, a file's metadata on one in five (997 blobs),
 *   completions, cancellations, extensions, and one dispatched outbox event per history row.
 * Every constraint holds (the inserts run with the checks on; only the foreign-key triggers of the child tables are
 * skipped, their keys are taken from rows just written). Returns the database's URL, whether it was filled now and
 * how long filling took.
 */
export async function ensureGrowthDatabase(tasks: number, log: (s: string) => void = console.log): Promise<{ name: string; url: string; built: boolean; seconds: number }> {
  const name = growthDbName(tasks);
  const url = benchDbUrl(name);
  const marker = `${FILL_VERSION}: ${tasks} tasks`;
  const admin = new Client({ connectionString: benchAdminUrl() });
  await admin.connect();
  try {
    const [existing] = (await admin.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name])).rows;
    if (existing && String(existing.note ?? '').startsWith(marker) && process.env['BENCH_GROWTH_REFILL'] !== '1') {
      return { name, url, built: false, seconds: Number(/filled in (\d+) s/.exec(existing.note)?.[1] ?? 0) };
    }
    if (existing) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const started = Date.now();
  const step = async (label: string, fn: () => Promise<unknown>) => {
    const t = Date.now();
    await fn();
    log(`  ${name}: ${label} ${((Date.now() - t) / 1000).toFixed(0)} s`);
  };
  await runMigrations(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET maintenance_work_mem = '512MB'`);
    await c.query(`SET work_mem = '64MB'`);
    const hash = await hashPassword(BENCH_PASSWORD);
    await step('units, users, documents', () => fillOrganisation(c, hash));
    const indexes = (
      await c.query(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
        [LOADED],
      )
    ).rows as Array<{ indexname: string; indexdef: string }>;
    for (const { indexname } of indexes) await c.query(`DROP INDEX ${indexname}`);
    // Foreign keys are built from rows written just before (and checked after the load, below), and the search
    // text is computed in bulk equal to what the trigger writes: the load runs with the triggers off.
    await c.query(`SET session_replication_role = replica`);
    await step(`${tasks.toLocaleString('en')} tasks`, () => fillTasks(c, tasks));
    await step('history, notes, comments, files, completions, events', () => fillTaskRows(c));
    await c.query(`SET session_replication_role = origin`);
    await step('checks: foreign keys and search text as the app writes them', () => checkFill(c));
    await step(`${indexes.length} indexes`, async () => {
      for (const { indexdef } of indexes) await c.query(indexdef);
    });
    await step('VACUUM ANALYZE', () => c.query('VACUUM ANALYZE'));
  } finally {
    await c.end();
  }
  const seconds = (Date.now() - started) / 1000;
  const admin2 = new Client({ connectionString: benchAdminUrl() });
  await admin2.connect();
  await admin2.query(`COMMENT ON DATABASE ${name} IS '${marker}, filled in ${seconds.toFixed(0)} s on ${new Date().toISOString()}'`);
  await admin2.end();
  return { name, url, built: true, seconds };
}

async function fillOrganisation(c: Client, hash: string): Promise<void> {
  const uid = (expr: string) => `md5('growth-unit-' || ${expr})::uuid`;
  await c.query(`INSERT INTO units (id, code, name, kind, parent_id, path) VALUES (${uid(`'BO'`)}, 'BO', 'Bộ', 'ministry', NULL, '/' || ${uid(`'BO'`)} || '/')`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT ${uid(`'V' || d`)}, 'V' || d, 'Vụ ' || d, 'department', p.id, p.path || ${uid(`'V' || d`)} || '/'
      FROM generate_series(1, 30) d, units p WHERE p.code = 'BO'`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT ${uid(`'S' || lpad(s::text, 2, '0')`)}, 'S' || lpad(s::text, 2, '0'), 'Sở TT&TT tỉnh ' || s, 'provincial_department', p.id,
           p.path || ${uid(`'S' || lpad(s::text, 2, '0')`)} || '/'
      FROM generate_series(1, 63) s, units p WHERE p.code = 'BO'`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT ${uid(`p.code || 'P' || k`)}, p.code || 'P' || k, 'Phòng ' || k || ' ' || p.name, 'other', p.id, p.path || ${uid(`p.code || 'P' || k`)} || '/'
      FROM units p CROSS JOIN LATERAL generate_series(1, CASE WHEN p.kind = 'department' THEN 3 ELSE 4 END) k
     WHERE p.kind IN ('department', 'provincial_department')`);
  await c.query(
    `INSERT INTO users (id, username, full_name, unit_id, role, password_hash)
     SELECT md5('growth-user-head-' || code)::uuid, 'head_' || lower(code), 'Trưởng ' || name, id,
            CASE WHEN kind = 'ministry' THEN 'monitor' ELSE 'unit_head' END, $1 FROM units
     UNION ALL
     SELECT md5('growth-user-staff' || k || '-' || code)::uuid, 'staff' || k || '_' || lower(code), 'Chuyên viên ' || k || ' ' || name, id, 'staff', $1
       FROM units CROSS JOIN generate_series(1, 4) k`,
    [hash],
  );
  await c.query(`
    INSERT INTO source_documents (id, number, type, title, issued_on)
    SELECT md5('growth-doc-' || n)::uuid, n || '/' || (ARRAY['QĐ', 'CT', 'KH'])[n % 3 + 1] || '-BTTTT', (ARRAY['decision', 'directive', 'plan'])[n % 3 + 1],
           (ARRAY['Quyết định về', 'Chỉ thị về', 'Kế hoạch triển khai'])[n % 3 + 1] || ' ' || (${TOPICS})[(n / 3) % 12 + 1],
           DATE '${GROWTH_TODAY}' - (n % ${DAYS})
      FROM generate_series(1, ${DOCUMENTS}) n`);
}

/**
 * The tasks, in slices of 500,000 (one statement each; the search-text trigger computes `search_text`). Each task's
 * facts come from hashes of its number g: the unit (g mod 435), the day, the span, the outcome r (0..999).
 */
async function fillTasks(c: Client, tasks: number): Promise<void> {
  const SLICE = 500_000;
  for (let from = 1; from <= tasks; from += SLICE) {
    const to = Math.min(tasks, from + SLICE - 1);
    await c.query(
      `WITH leaf AS (SELECT (row_number() OVER (ORDER BY code) - 1)::int AS i, id, code FROM units WHERE kind <> 'ministry'),
            n AS (SELECT count(*)::int AS c FROM leaf),
            office AS (SELECT id FROM users WHERE username = 'head_bo'),
            -- search_key() of each word list, once: the search text of a task is search_key(code) || search_key(title) ||
            -- its document's, and search_key of these titles is the words' keys joined by spaces (checked after the load).
            k AS MATERIALIZED (SELECT (SELECT array_agg(search_key(w) ORDER BY i) FROM unnest(${VERBS}) WITH ORDINALITY v(w, i)) AS verbs,
                         (SELECT array_agg(search_key(w) ORDER BY i) FROM unnest(${OBJECTS}) WITH ORDINALITY v(w, i)) AS objects,
                         (SELECT array_agg(search_key(w) ORDER BY i) FROM unnest(${TOPICS}) WITH ORDINALITY v(w, i)) AS topics),
            doc AS MATERIALIZED (SELECT id, E'\n' || search_key(number) || E'\n' || search_key(title) AS key FROM source_documents)
       INSERT INTO tasks (id, code, title, source_document_id, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline,
                          priority, is_key_task, state, completed_at, completion_result, cancelled_at, cancel_reason, progress_percent, version,
                          created_at, updated_at, simple_history, search_text)
       SELECT md5('growth-task-' || g)::uuid, 'G-' || g,
              (${VERBS})[(g / 3) % 10 + 1] || ' ' || (${OBJECTS})[(g / 37) % 8 + 1] || ' ' || (${TOPICS})[(g / 331) % 12 + 1] || ' năm ' || extract(year FROM a.assigned_on),
              CASE WHEN g % 5 < 3 THEN md5('growth-doc-' || (g % ${DOCUMENTS} + 1))::uuid END,
              leaf.id, md5('growth-user-staff' || (g / 7 % 4 + 1) || '-' || leaf.code)::uuid, (SELECT id FROM office),
              a.assigned_on, a.original_deadline, a.deadline,
              CASE WHEN g % 97 = 0 THEN 'urgent' WHEN g % 20 = 0 THEN 'high' ELSE 'normal' END, g % 50 = 0,
              o.state, o.completed_at, CASE WHEN o.state = 'completed' THEN 'Đã hoàn thành, báo cáo kết quả gửi Văn phòng Bộ' END,
              o.cancelled_at, CASE WHEN o.state = 'cancelled' THEN 'Không còn phù hợp với chỉ đạo mới' END,
              CASE WHEN o.state = 'completed' THEN 100 ELSE o.notes * 20 END,
              1 + o.notes + CASE WHEN o.state <> 'open' THEN 1 ELSE 0 END + CASE WHEN a.extended THEN 1 ELSE 0 END,
              a.created_at, coalesce(o.completed_at, o.cancelled_at, a.created_at), NOT a.extended,
              'g-' || g || E'\n' || k.verbs[(g / 3) % 10 + 1] || ' ' || k.objects[(g / 37) % 8 + 1] || ' ' || k.topics[(g / 331) % 12 + 1]
                || ' nam ' || extract(year FROM a.assigned_on) || coalesce(doc.key, '')
         FROM generate_series($1::int, $2::int) g
         CROSS JOIN k
         LEFT JOIN doc ON doc.id = CASE WHEN g % 5 < 3 THEN md5('growth-doc-' || (g % ${DOCUMENTS} + 1))::uuid END
         JOIN leaf ON leaf.i = g % (SELECT c FROM n)
         CROSS JOIN LATERAL (
           SELECT d AS assigned_on, d + s AS original_deadline, d + s + CASE WHEN x.extended THEN 15 ELSE 0 END AS deadline, s AS span,
                  x.extended, ((g::bigint * 2654435761) % 1000)::int AS r,
                  (d::timestamp + interval '8 hours') AT TIME ZONE '${VN}' AS created_at
             FROM (SELECT y.d, y.s, g % 50 = 7 AND y.d + y.s - 2 < DATE '${GROWTH_TODAY}' AS extended
                     FROM (SELECT (DATE '${GROWTH_TODAY}' - ${DAYS - 1} + ((g - 1)::bigint * ${DAYS} / $3::int)::int)::date AS d, 7 + (g * 13) % 84 AS s) y) x
         ) a
         CROSS JOIN LATERAL (
           SELECT CASE WHEN a.r < 10 THEN a.assigned_on + a.span / 2
                       WHEN a.r < 80 THEN a.deadline + 1 + a.r % 10
                       WHEN a.r >= 997 THEN NULL
                       ELSE a.assigned_on + (a.span * (30 + a.r % 60)) / 100 END AS outcome_on
         ) e
         CROSS JOIN LATERAL (
           SELECT CASE WHEN e.outcome_on IS NULL OR e.outcome_on >= DATE '${GROWTH_TODAY}' THEN 'open' WHEN a.r < 10 THEN 'cancelled' ELSE 'completed' END AS state,
                  -- Progress notes fall at 10%, 20% and 30% of the span (before any outcome), up to yesterday.
                  greatest(0, least(1 + g % 3, ((DATE '${GROWTH_TODAY}' - 1 - a.assigned_on) * 10) / a.span))::int AS notes
         ) st
         CROSS JOIN LATERAL (
           SELECT st.state, st.notes,
                  CASE WHEN st.state = 'completed' THEN (e.outcome_on::timestamp + interval '9 hours' + (a.r % 8) * interval '1 hour') AT TIME ZONE '${VN}' END AS completed_at,
                  CASE WHEN st.state = 'cancelled' THEN (e.outcome_on::timestamp + interval '10 hours') AT TIME ZONE '${VN}' END AS cancelled_at
         ) o`,
      [from, to, tasks],
    );
  }
}

/** What the app writes along with each task, from the task rows (g, the task number, read back from its code). */
async function fillTaskRows(c: Client): Promise<void> {
  const at = (day: string, hours: number) => `((${day})::timestamp + interval '${hours} hours') AT TIME ZONE '${VN}'`;
  // Progress notes (1–3 per task, as counted into the task's version and percent), with their history rows.
  await c.query(`
    INSERT INTO task_progress_notes (id, task_id, author_id, percent, note, created_at)
    SELECT md5('growth-note-' || t.id || '-' || k)::uuid, t.id, t.assignee_id, k * 20, 'Đã triển khai bước ' || k || ', đang tổng hợp ý kiến các đơn vị',
           ${at(`t.assigned_on + (k * (t.original_deadline - t.assigned_on)) / 10`, 8)}
      FROM tasks t CROSS JOIN LATERAL generate_series(1, (t.version - 1 - CASE WHEN t.state <> 'open' THEN 1 ELSE 0 END - CASE WHEN t.simple_history THEN 0 ELSE 1 END)) k`);
  await c.query(`
    INSERT INTO task_history (task_id, actor_id, at, action, changes, note)
    SELECT t.id, t.assigned_by_id, t.created_at, 'created',
           jsonb_build_array(jsonb_build_object('field', 'title', 'from', NULL, 'to', t.title), jsonb_build_object('field', 'leadUnitId', 'from', NULL, 'to', t.lead_unit_id),
                             jsonb_build_object('field', 'assigneeId', 'from', NULL, 'to', t.assignee_id), jsonb_build_object('field', 'deadline', 'from', NULL, 'to', t.original_deadline)),
           NULL
      FROM tasks t
    UNION ALL
    SELECT n.task_id, n.author_id, n.created_at, 'progress', jsonb_build_array(jsonb_build_object('field', 'progressPercent', 'from', n.percent - 20, 'to', n.percent)), n.note
      FROM task_progress_notes n`);
  await c.query(`
    INSERT INTO task_extensions (id, task_id, kind, state, reason, previous_deadline, requested_deadline, requested_by_id, requested_at, decided_by_id, decided_at, decision_note)
    SELECT md5('growth-ext-' || t.id)::uuid, t.id, 'request', 'approved', 'Chờ ý kiến góp ý của các bộ, ngành', t.original_deadline, t.deadline, t.assignee_id,
           ${at('t.original_deadline - 3', 9)}, t.assigned_by_id, ${at('t.original_deadline - 2', 9)}, 'Đồng ý gia hạn'
      FROM tasks t WHERE NOT t.simple_history`);
  await c.query(`
    INSERT INTO task_history (task_id, actor_id, at, action, changes, note)
    SELECT e.task_id, e.requested_by_id, e.requested_at, 'extension_requested', jsonb_build_array(jsonb_build_object('field', 'requestedDeadline', 'from', e.previous_deadline, 'to', e.requested_deadline)), e.reason
      FROM task_extensions e
    UNION ALL
    SELECT e.task_id, e.decided_by_id, e.decided_at, 'extension_approved', jsonb_build_array(jsonb_build_object('field', 'deadline', 'from', e.previous_deadline, 'to', e.requested_deadline)), e.decision_note
      FROM task_extensions e`);
  await c.query(`
    INSERT INTO task_completions (id, task_id, completed_at, result, reported_by_id)
    SELECT md5('growth-completion-' || t.id)::uuid, t.id, t.completed_at, t.completion_result, t.assignee_id FROM tasks t WHERE t.state = 'completed'`);
  await c.query(`
    INSERT INTO task_cancellations (id, task_id, cancelled_at, reason, cancelled_by_id)
    SELECT md5('growth-cancel-' || t.id)::uuid, t.id, t.cancelled_at, t.cancel_reason, t.assigned_by_id FROM tasks t WHERE t.state = 'cancelled'`);
  await c.query(`
    INSERT INTO task_history (task_id, actor_id, at, action, changes, note)
    SELECT t.id, t.assignee_id, t.completed_at, 'completed',
           jsonb_build_array(jsonb_build_object('field', 'state', 'from', 'open', 'to', 'completed'), jsonb_build_object('field', 'completedAt', 'from', NULL, 'to', t.completed_at)), NULL
      FROM tasks t WHERE t.state = 'completed'
    UNION ALL
    SELECT t.id, t.assigned_by_id, t.cancelled_at, 'cancelled',
           jsonb_build_array(jsonb_build_object('field', 'state', 'from', 'open', 'to', 'cancelled'), jsonb_build_object('field', 'cancelReason', 'from', NULL, 'to', t.cancel_reason)), t.cancel_reason
      FROM tasks t WHERE t.state = 'cancelled'`);
  // A comment on one task in two (a fifth of the span in, once that day has come), a file on one in five.
  await c.query(`
    INSERT INTO task_comments (id, task_id, author_id, body, created_at)
    SELECT md5('growth-comment-' || t.id)::uuid, t.id, md5('growth-user-head-' || u.code)::uuid, 'Đề nghị đơn vị khẩn trương hoàn thành, báo cáo kết quả trước hạn',
           ${at(`t.assigned_on + (t.original_deadline - t.assigned_on) / 5`, 14)}
      FROM tasks t JOIN units u ON u.id = t.lead_unit_id
     WHERE substr(t.code, 3)::int % 2 = 0 AND t.assigned_on + (t.original_deadline - t.assigned_on) / 5 < DATE '${GROWTH_TODAY}'`);
  await c.query(`
    INSERT INTO attachment_blobs (sha256, size, content_type, created_at)
    SELECT encode(sha256(('growth-blob-' || b)::bytea), 'hex'), 40000 + b * 1000, 'application/pdf', TIMESTAMPTZ '2021-12-01 08:00+07' FROM generate_series(0, 996) b`);
  await c.query(`
    INSERT INTO task_attachments (id, task_id, sha256, name, size, content_type, uploaded_by_id, uploaded_at)
    SELECT md5('growth-file-' || t.id)::uuid, t.id, encode(sha256(('growth-blob-' || (substr(t.code, 3)::int % 997))::bytea), 'hex'),
           'ke-hoach-trien-khai-' || substr(t.code, 3) || '.pdf', 40000 + (substr(t.code, 3)::int % 997) * 1000, 'application/pdf', t.assigned_by_id, t.created_at + interval '1 hour'
      FROM tasks t WHERE substr(t.code, 3)::int % 5 = 0`);
  // The outbox: one event per history row, dispatched long ago.
  await c.query(`
    INSERT INTO task_events (task_id, kind, actor_id, occurred_at, payload, dispatched_at)
    SELECT h.task_id, CASE h.action WHEN 'created' THEN 'assigned' WHEN 'progress' THEN 'progress_reported' WHEN 'completed' THEN 'completion_reported'
                                    WHEN 'extension_approved' THEN 'extension_decided' ELSE h.action END,
           h.actor_id, h.at, '{}'::jsonb, h.at + interval '2 seconds'
      FROM task_history h`);
}

/**
 * What the triggers would have checked or written, checked once after the load: every foreign key of the loaded
 * tables points at a row, and the search text equals task_search_text() (the trigger's function) on a sample.
 */
async function checkFill(c: Client): Promise<void> {
  const keys = (
    await c.query(
      `SELECT cl.relname AS tbl, a.attname AS col, fcl.relname AS ref, fa.attname AS refcol
         FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class fcl ON fcl.oid = k.confrelid
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
         JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]
        WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND cl.relname = ANY($1)`,
      [LOADED],
    )
  ).rows as Array<{ tbl: string; col: string; ref: string; refcol: string }>;
  for (const { tbl, col, ref, refcol } of keys) {
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM ${tbl} x WHERE x.${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ref} r WHERE r.${refcol} = x.${col})`)).rows;
    if (n) throw new Error(`${tbl}.${col}: ${n} rows point at no ${ref}`);
  }
  const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM tasks TABLESAMPLE SYSTEM (1) WHERE search_text <> task_search_text(code, title, source_document_id)`)).rows;
  if (n) throw new Error(`${n} sampled tasks have a search text the trigger would not write`);
}
