import { MIGRATIONS } from '@tiendo/server-database';
import { cloneDatabase } from '@tiendo/server-testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The migration from "every day off of 2020-2030 in the table" (seeded from the old hand-written table) to "the
 * admin's changes on top of the computed law" must keep every decision an admin made in the old model.
 */
describe('migration HolidayChanges1795850000000', () => {
  it('drops the seeded rows, turns a seeded day the admin deleted into a working_day, keeps added days; down restores the old table', async () => {
    const db = await cloneDatabase(process.env['TIENDO_TEST_TEMPLATE_DB'] as string);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const Migration = MIGRATIONS.find((m) => m.name === 'HolidayChanges1795850000000') as new () => MigrationInterface;
      const migration = new Migration();
      const runner = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows } as unknown as QueryRunner;
      const dates = async (year: number) =>
        (await client.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM holidays WHERE extract(year FROM date) = $1 ORDER BY date`, [year])).rows.map((r) => r.date);

      // The old model: two days the admin added; down puts the old seed of their years around them.
      await client.query(`INSERT INTO holidays (date, name) VALUES ('2025-01-27', 'Nghỉ hoán đổi'), ('2030-12-24', 'Nghỉ theo quyết định')`);
      await migration.down(runner);
      expect(await dates(2030)).toEqual(expect.arrayContaining(['2030-02-02', '2030-02-06', '2030-02-08', '2030-12-24'])); // China's Tết, a day late
      expect(await dates(2030)).not.toContain('2030-02-01');
      expect(await dates(2025)).toEqual(expect.arrayContaining(['2025-01-27', '2025-01-28', '2025-02-03']));
      await client.query(`DELETE FROM holidays WHERE date = '2025-02-03'`); // the admin moved the compensatory Monday

      await migration.up(runner);
      const changes = (await client.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM holidays ORDER BY date`)).rows;
      expect(changes).toEqual([
        { date: '2025-01-27', kind: 'day_off' },
        { date: '2025-02-03', kind: 'working_day' },
        { date: '2030-12-24', kind: 'day_off' },
      ]);

      await migration.down(runner);
      expect(await dates(2025)).toEqual(expect.arrayContaining(['2025-01-27', '2025-01-28']));
      expect(await dates(2025)).not.toContain('2025-02-03');
      const columns = (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'holidays'`)).rows.map((r) => r.column_name);
      expect(columns).not.toContain('kind');
      await migration.up(runner); // leave the schema as the code expects before the database is dropped
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
