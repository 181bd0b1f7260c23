import { runMigrations } from '@tiendo/server-database';
import { hashPassword } from '@tiendo/server-users';
import { Client } from 'pg';

export const BENCH_PASSWORD = 'Bench-mark-password-2026';
const DOCUMENTS = 5000;
const TOPICS = `ARRAY['chuyển đổi số', 'bưu chính', 'an toàn thông tin mạng', 'viễn thông', 'báo chí', 'xuất bản', 'công nghệ thông tin',
  'tần số vô tuyến điện', 'hạ tầng số', 'kinh tế số', 'đường truyền dữ liệu', 'cải cách hành chính']`;

export function benchAdminUrl(): string {
  return process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
export function benchDbUrl(name: string): string {
  const url = new URL(benchAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A ministry-sized database built in SQL: 1,001 units (ministry, 10 blocks, 90 departments, 900 divisions), a head
 * and a staff member per unit, 5,000 source documents, and `tasks` tasks spread over the departments and divisions,
 * over `years` years. Reused when it already holds that many tasks and documents.
 */
export async function ensureBenchDatabase(name: string, tasks: number, years = 10): Promise<{ url: string; built: boolean; seconds: number }> {
  const admin = new Client({ connectionString: benchAdminUrl() });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
  const url = benchDbUrl(name);
  if (exists) {
    const c = new Client({ connectionString: url });
    await c.connect();
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM tasks`).catch(() => ({ rows: [{ n: -1 }] }))).rows;
    // Built before tasks had varied titles and source documents (the search benchmark needs both): build again.
    const [{ docs }] = (await c.query(`SELECT count(*)::int AS docs FROM source_documents`).catch(() => ({ rows: [{ docs: 0 }] }))).rows;
    await c.end();
    if (n === tasks && docs === DOCUMENTS) {
      await admin.end();
      return { url, built: false, seconds: 0 };
    }
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const started = Date.now();
  await runMigrations(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  const hash = await hashPassword(BENCH_PASSWORD);
  await c.query(`SET synchronous_commit = off`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT '00000000-0000-4000-8000-000000000000', 'BO', 'Bộ', 'ministry', NULL, '/00000000-0000-4000-8000-000000000000/'`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT ('00000000-0000-4000-8001-' || lpad(b::text, 12, '0'))::uuid, 'K' || b, 'Khối ' || b, 'block',
           '00000000-0000-4000-8000-000000000000', '/00000000-0000-4000-8000-000000000000/00000000-0000-4000-8001-' || lpad(b::text, 12, '0') || '/'
      FROM generate_series(1, 10) b`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT ('00000000-0000-4000-8002-' || lpad(d::text, 12, '0'))::uuid, 'D' || d, 'Vụ ' || d, 'department', p.id, p.path || '00000000-0000-4000-8002-' || lpad(d::text, 12, '0') || '/'
      FROM generate_series(1, 90) d JOIN units p ON p.code = 'K' || ((d - 1) / 9 + 1)`);
  await c.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path)
    SELECT ('00000000-0000-4000-8003-' || lpad(s::text, 12, '0'))::uuid, 'S' || s, 'Phòng ' || s, 'other', p.id, p.path || '00000000-0000-4000-8003-' || lpad(s::text, 12, '0') || '/'
      FROM generate_series(1, 900) s JOIN units p ON p.code = 'D' || ((s - 1) / 10 + 1)`);
  await c.query(
    `INSERT INTO users (id, username, full_name, unit_id, role, password_hash)
     SELECT gen_random_uuid(), 'head_' || lower(code), 'Trưởng ' || name, id, CASE WHEN kind = 'ministry' THEN 'monitor' ELSE 'unit_head' END, $1 FROM units
     UNION ALL
     SELECT gen_random_uuid(), 'staff_' || lower(code), 'Chuyên viên ' || name, id, 'staff', $1 FROM units`,
    [hash],
  );
  // Source documents: decisions, directives and plans on the ministry's topics (searched with their tasks).
  await c.query(
    `INSERT INTO source_documents (id, number, type, title, issued_on)
     SELECT ('00000000-0000-4000-8004-' || lpad(n::text, 12, '0'))::uuid,
            n || '/' || (ARRAY['QĐ', 'CT', 'KH'])[n % 3 + 1] || '-BTTTT',
            (ARRAY['decision', 'directive', 'plan'])[n % 3 + 1],
            (ARRAY['Quyết định về', 'Chỉ thị về', 'Kế hoạch triển khai'])[n % 3 + 1] || ' ' || (${TOPICS})[(n / 3) % 12 + 1],
            DATE '2026-11-30' - (n % 3650)
       FROM generate_series(1, ${DOCUMENTS}) n`,
  );
  // A trigram index grows faster built once than row by row: set the tasks' GIN indexes aside during the load and
  // build them again from their own definitions (the migrations stay their one source).
  const ginIndexes = (await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tasks' AND indexdef LIKE '% USING gin %'`)).rows;
  for (const { indexname } of ginIndexes) await c.query(`DROP INDEX ${indexname}`);
  // Tasks on departments and divisions, assigned over `years` years, ~70% completed (of which 90% on time). Titles
  // vary as a ministry's do ("Báo cáo" starts one in ten and "báo cáo tổng kết" is in one in eight); three tasks in
  // five come from a source document.
  await c.query(
    `WITH leaf AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, id FROM units WHERE kind IN ('department', 'other')),
          n AS (SELECT count(*) AS c FROM leaf),
          monitor AS (SELECT id FROM users WHERE username = 'head_bo')
     INSERT INTO tasks (code, title, source_document_id, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline, priority,
                        is_key_task, state, completed_at, completion_result, progress_percent)
     SELECT 'B-' || g,
            (ARRAY['Báo cáo', 'Xây dựng', 'Rà soát', 'Tổng hợp', 'Hoàn thiện', 'Triển khai', 'Đánh giá', 'Kiểm tra', 'Chuẩn bị', 'Tham mưu'])[(g / 3) % 10 + 1]
              || ' ' || (ARRAY['tình hình thực hiện', 'kế hoạch', 'đề án', 'dự thảo thông tư về', 'chương trình', 'báo cáo tổng kết', 'quy chế', 'phương án'])[(g / 37) % 8 + 1]
              || ' ' || (${TOPICS})[(g / 331) % 12 + 1] || ' năm ' || extract(year FROM a.assigned_on),
            CASE WHEN g % 5 < 3 THEN ('00000000-0000-4000-8004-' || lpad((g % ${DOCUMENTS} + 1)::text, 12, '0'))::uuid END,
            leaf.id, st.id, (SELECT id FROM monitor), a.assigned_on,
            a.assigned_on + a.span, a.assigned_on + a.span, 'normal', g % 50 = 0,
            CASE WHEN d.done THEN 'completed' ELSE 'open' END,
            CASE WHEN d.done THEN ((a.assigned_on + CASE WHEN g % 10 = 0 THEN a.span + 5 ELSE a.span / 2 END)::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
            CASE WHEN d.done THEN 'Đã hoàn thành' END,
            CASE WHEN d.done THEN 100 ELSE (g % 10) * 10 END
       FROM generate_series(1, $1::int) g
       JOIN leaf ON leaf.i = g % (SELECT c FROM n)
       JOIN users st ON st.unit_id = leaf.id AND st.role = 'staff'
       CROSS JOIN LATERAL (SELECT (DATE '2026-11-30' - ((g::bigint * 7919) % ($2::int * 365))::int)::date AS assigned_on,
                                  (5 + g % 60) AS span) a
       -- Completed only when that moment is in the past (the data is built as of 20/11/2026).
       CROSS JOIN LATERAL (SELECT (g % 10) < 7 AND a.assigned_on + a.span + 5 < DATE '2026-11-20' AS done) d`,
    [tasks, years],
  );
  await c.query(`INSERT INTO task_completions (task_id, completed_at, result, reported_by_id) SELECT id, completed_at, 'Đã hoàn thành', assignee_id FROM tasks WHERE state = 'completed'`);
  await c.query(`SET maintenance_work_mem = '256MB'`);
  for (const { indexdef } of ginIndexes) await c.query(indexdef);
  await c.query(`VACUUM ANALYZE`);
  await c.end();
  return { url, built: true, seconds: (Date.now() - started) / 1000 };
}
