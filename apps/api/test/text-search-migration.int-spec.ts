import { MIGRATIONS } from '@tiendo/server-database';
import { cloneDatabase } from '@tiendo/server-testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Migration TextSearch1795840000000 on a database that holds decomposed (NFD) text from before the text rule: every
 * stored text becomes NFC (only its spelling changes), the append-only history keeps what was written, tasks get
 * their search text, and down then up again works.
 */
describe('migration TextSearch1795840000000', () => {
  it('brings stored NFD text to NFC, keeps the history as written, fills the search text; down restores the old schema', async () => {
    const db = await cloneDatabase(process.env['TIENDO_TEST_TEMPLATE_DB'] as string);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const Migration = MIGRATIONS.find((m) => m.name === 'TextSearch1795840000000') as new () => MigrationInterface;
      const migration = new Migration();
      const runner = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows } as unknown as QueryRunner;
      const column = async (table: string, name: string) =>
        (await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, name])).rowCount;

      // The schema as it was just after this migration: the later ones reverted, newest first (a later table may
      // index search_key(), which this migration's down drops).
      const later = MIGRATIONS.slice(MIGRATIONS.indexOf(Migration as never) + 1).reverse();
      for (const Later of later) await new (Later as new () => MigrationInterface)().down(runner);
      await migration.down(runner);
      expect(await column('tasks', 'search_text')).toBe(0);

      const nfd = (text: string) => text.normalize('NFD');
      const [unit] = (await client.query(`INSERT INTO units (code, name, kind, path) VALUES ('VBC', $1, 'department', '/x/') RETURNING id`, [nfd('Vụ Bưu chính')])).rows;
      const [user] = (
        await client.query(`INSERT INTO users (username, full_name, unit_id, role, password_hash) VALUES ('duong', $1, $2, 'staff', 'x') RETURNING id`, [nfd('Nguyễn Văn Đường'), unit.id])
      ).rows;
      const [doc] = (await client.query(`INSERT INTO source_documents (number, title) VALUES ('12/QĐ', $1) RETURNING id`, [nfd('Quyết định về chuyển đổi số')])).rows;
      const [task] = (
        await client.query(
          `INSERT INTO tasks (code, title, description, lead_unit_id, assigned_by_id, assigned_on, source_document_id) VALUES ('T-1', $1, $2, $3, $4, '2026-01-01', $5) RETURNING id`,
          [nfd('Báo cáo tiến độ'), nfd('Mô tả chi tiết'), unit.id, user.id, doc.id],
        )
      ).rows;
      await client.query(`INSERT INTO task_history (task_id, actor_id, at, action, changes, note) VALUES ($1, $2, now(), 'created', '[]', $3)`, [task.id, user.id, nfd('Ghi chú cũ')]);

      await migration.up(runner);
      const stored = (await client.query(`SELECT code, title, description, search_text FROM tasks WHERE id = $1`, [task.id])).rows[0];
      expect(stored).toEqual({
        code: 'T-1',
        title: 'Báo cáo tiến độ'.normalize('NFC'),
        description: 'Mô tả chi tiết'.normalize('NFC'),
        search_text: 't-1\nbao cao tien do\n12/qd\nquyet dinh ve chuyen doi so',
      });
      expect((await client.query(`SELECT name FROM units WHERE id = $1`, [unit.id])).rows[0].name).toBe('Vụ Bưu chính'.normalize('NFC'));
      expect((await client.query(`SELECT full_name FROM users WHERE id = $1`, [user.id])).rows[0].full_name).toBe('Nguyễn Văn Đường'.normalize('NFC'));
      expect((await client.query(`SELECT title FROM source_documents WHERE id = $1`, [doc.id])).rows[0].title).toBe('Quyết định về chuyển đổi số'.normalize('NFC'));
      // The history is append-only: it keeps the spelling it was written in.
      expect((await client.query(`SELECT note FROM task_history WHERE task_id = $1`, [task.id])).rows[0].note).toBe(nfd('Ghi chú cũ'));

      await migration.down(runner);
      expect(await column('tasks', 'search_text')).toBe(0);
      await migration.up(runner);
      expect(await column('tasks', 'search_text')).toBe(1);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
