import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vietnam's holidays are now computed for every year (libs/domain `vietnamPublicHolidays`: the lunar calendar at
 * UTC+7 and the Labour Code's rules), and the `holidays` table keeps only the admin's yearly changes on top:
 * `day_off` (a day off the law's default does not give: a bridge day, a swapped weekday) and `working_day` (a day
 * the law's default gives that is worked: a moved compensatory day, a Saturday worked for a swap).
 *
 * Until now the table held every day off of 2020-2030, seeded from a hand-written table (whose Tết 2030 was China's
 * date, 03/02, not Vietnam's 02/02). Up: the seeded rows (same date and name as that seed, listed below) are
 * removed, since the computation now gives them; a seeded day the admin had deleted becomes a `working_day` change,
 * so the admin's decisions stay as they were. Rows the admin added stay as `day_off` changes. Down: the seed's rows
 * come back for the years that still have rows (except days marked worked), and the `working_day` rows go; the
 * previous code seeds the years that have none.
 */
const OLD_SEED = `
  (VALUES
      ('2020-01-01', 'Tết Dương lịch', true),
      ('2020-01-24', 'Tết Nguyên Đán (giao thừa)', true),
      ('2020-01-25', 'Tết Nguyên Đán (mùng 1)', true),
      ('2020-01-26', 'Tết Nguyên Đán (mùng 2)', true),
      ('2020-01-27', 'Tết Nguyên Đán (mùng 3)', true),
      ('2020-01-28', 'Tết Nguyên Đán (mùng 4)', true),
      ('2020-01-29', 'Nghỉ bù Tết Nguyên Đán (mùng 1)', true),
      ('2020-01-30', 'Nghỉ bù Tết Nguyên Đán (mùng 2)', true),
      ('2020-04-02', 'Giỗ Tổ Hùng Vương', true),
      ('2020-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2020-05-01', 'Ngày Quốc tế Lao động', true),
      ('2020-09-01', 'Quốc khánh (ngày liền kề)', false),
      ('2020-09-02', 'Quốc khánh', true),
      ('2021-01-01', 'Tết Dương lịch', true),
      ('2021-02-11', 'Tết Nguyên Đán (giao thừa)', true),
      ('2021-02-12', 'Tết Nguyên Đán (mùng 1)', true),
      ('2021-02-13', 'Tết Nguyên Đán (mùng 2)', true),
      ('2021-02-14', 'Tết Nguyên Đán (mùng 3)', true),
      ('2021-02-15', 'Tết Nguyên Đán (mùng 4)', true),
      ('2021-02-16', 'Nghỉ bù Tết Nguyên Đán (mùng 2)', true),
      ('2021-02-17', 'Nghỉ bù Tết Nguyên Đán (mùng 3)', true),
      ('2021-04-21', 'Giỗ Tổ Hùng Vương', true),
      ('2021-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2021-05-01', 'Ngày Quốc tế Lao động', true),
      ('2021-05-03', 'Nghỉ bù Ngày Quốc tế Lao động', true),
      ('2021-09-02', 'Quốc khánh', true),
      ('2021-09-03', 'Quốc khánh (ngày liền kề)', true),
      ('2022-01-01', 'Tết Dương lịch', true),
      ('2022-01-03', 'Nghỉ bù Tết Dương lịch', true),
      ('2022-01-31', 'Tết Nguyên Đán (giao thừa)', true),
      ('2022-02-01', 'Tết Nguyên Đán (mùng 1)', true),
      ('2022-02-02', 'Tết Nguyên Đán (mùng 2)', true),
      ('2022-02-03', 'Tết Nguyên Đán (mùng 3)', true),
      ('2022-02-04', 'Tết Nguyên Đán (mùng 4)', true),
      ('2022-04-10', 'Giỗ Tổ Hùng Vương', true),
      ('2022-04-11', 'Nghỉ bù Giỗ Tổ Hùng Vương', true),
      ('2022-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2022-05-01', 'Ngày Quốc tế Lao động', true),
      ('2022-05-02', 'Nghỉ bù Ngày Giải phóng miền Nam', true),
      ('2022-05-03', 'Nghỉ bù Ngày Quốc tế Lao động', true),
      ('2022-09-01', 'Quốc khánh (ngày liền kề)', true),
      ('2022-09-02', 'Quốc khánh', true),
      ('2023-01-01', 'Tết Dương lịch', true),
      ('2023-01-02', 'Nghỉ bù Tết Dương lịch', true),
      ('2023-01-21', 'Tết Nguyên Đán (giao thừa)', true),
      ('2023-01-22', 'Tết Nguyên Đán (mùng 1)', true),
      ('2023-01-23', 'Tết Nguyên Đán (mùng 2)', true),
      ('2023-01-24', 'Tết Nguyên Đán (mùng 3)', true),
      ('2023-01-25', 'Tết Nguyên Đán (mùng 4)', true),
      ('2023-01-26', 'Nghỉ bù Tết Nguyên Đán (giao thừa)', true),
      ('2023-01-27', 'Nghỉ bù Tết Nguyên Đán (mùng 1)', true),
      ('2023-04-29', 'Giỗ Tổ Hùng Vương', true),
      ('2023-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2023-05-01', 'Ngày Quốc tế Lao động', true),
      ('2023-05-02', 'Nghỉ bù Giỗ Tổ Hùng Vương', true),
      ('2023-05-03', 'Nghỉ bù Ngày Giải phóng miền Nam', true),
      ('2023-09-01', 'Quốc khánh (ngày liền kề)', true),
      ('2023-09-02', 'Quốc khánh', true),
      ('2023-09-04', 'Nghỉ bù Quốc khánh', true),
      ('2024-01-01', 'Tết Dương lịch', true),
      ('2024-02-09', 'Tết Nguyên Đán (giao thừa)', true),
      ('2024-02-10', 'Tết Nguyên Đán (mùng 1)', true),
      ('2024-02-11', 'Tết Nguyên Đán (mùng 2)', true),
      ('2024-02-12', 'Tết Nguyên Đán (mùng 3)', true),
      ('2024-02-13', 'Tết Nguyên Đán (mùng 4)', true),
      ('2024-02-14', 'Nghỉ bù Tết Nguyên Đán (mùng 1)', true),
      ('2024-02-15', 'Nghỉ bù Tết Nguyên Đán (mùng 2)', true),
      ('2024-04-18', 'Giỗ Tổ Hùng Vương', true),
      ('2024-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2024-05-01', 'Ngày Quốc tế Lao động', true),
      ('2024-09-02', 'Quốc khánh', true),
      ('2024-09-03', 'Quốc khánh (ngày liền kề)', true),
      ('2025-01-01', 'Tết Dương lịch', true),
      ('2025-01-28', 'Tết Nguyên Đán (giao thừa)', true),
      ('2025-01-29', 'Tết Nguyên Đán (mùng 1)', true),
      ('2025-01-30', 'Tết Nguyên Đán (mùng 2)', true),
      ('2025-01-31', 'Tết Nguyên Đán (mùng 3)', true),
      ('2025-02-01', 'Tết Nguyên Đán (mùng 4)', true),
      ('2025-02-03', 'Nghỉ bù Tết Nguyên Đán (mùng 4)', true),
      ('2025-04-07', 'Giỗ Tổ Hùng Vương', true),
      ('2025-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2025-05-01', 'Ngày Quốc tế Lao động', true),
      ('2025-09-01', 'Quốc khánh (ngày liền kề)', true),
      ('2025-09-02', 'Quốc khánh', true),
      ('2026-01-01', 'Tết Dương lịch', true),
      ('2026-02-16', 'Tết Nguyên Đán (giao thừa)', true),
      ('2026-02-17', 'Tết Nguyên Đán (mùng 1)', true),
      ('2026-02-18', 'Tết Nguyên Đán (mùng 2)', true),
      ('2026-02-19', 'Tết Nguyên Đán (mùng 3)', true),
      ('2026-02-20', 'Tết Nguyên Đán (mùng 4)', true),
      ('2026-04-26', 'Giỗ Tổ Hùng Vương', true),
      ('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', true),
      ('2026-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2026-05-01', 'Ngày Quốc tế Lao động', true),
      ('2026-09-01', 'Quốc khánh (ngày liền kề)', true),
      ('2026-09-02', 'Quốc khánh', true),
      ('2027-01-01', 'Tết Dương lịch', true),
      ('2027-02-05', 'Tết Nguyên Đán (giao thừa)', true),
      ('2027-02-06', 'Tết Nguyên Đán (mùng 1)', true),
      ('2027-02-07', 'Tết Nguyên Đán (mùng 2)', true),
      ('2027-02-08', 'Tết Nguyên Đán (mùng 3)', true),
      ('2027-02-09', 'Tết Nguyên Đán (mùng 4)', true),
      ('2027-02-10', 'Nghỉ bù Tết Nguyên Đán (mùng 1)', true),
      ('2027-02-11', 'Nghỉ bù Tết Nguyên Đán (mùng 2)', true),
      ('2027-04-16', 'Giỗ Tổ Hùng Vương', true),
      ('2027-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2027-05-01', 'Ngày Quốc tế Lao động', true),
      ('2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động', true),
      ('2027-09-02', 'Quốc khánh', true),
      ('2027-09-03', 'Quốc khánh (ngày liền kề)', true),
      ('2028-01-01', 'Tết Dương lịch', true),
      ('2028-01-03', 'Nghỉ bù Tết Dương lịch', true),
      ('2028-01-25', 'Tết Nguyên Đán (giao thừa)', true),
      ('2028-01-26', 'Tết Nguyên Đán (mùng 1)', true),
      ('2028-01-27', 'Tết Nguyên Đán (mùng 2)', true),
      ('2028-01-28', 'Tết Nguyên Đán (mùng 3)', true),
      ('2028-01-29', 'Tết Nguyên Đán (mùng 4)', true),
      ('2028-01-31', 'Nghỉ bù Tết Nguyên Đán (mùng 4)', true),
      ('2028-04-04', 'Giỗ Tổ Hùng Vương', true),
      ('2028-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2028-05-01', 'Ngày Quốc tế Lao động', true),
      ('2028-05-02', 'Nghỉ bù Ngày Giải phóng miền Nam', true),
      ('2028-09-01', 'Quốc khánh (ngày liền kề)', true),
      ('2028-09-02', 'Quốc khánh', true),
      ('2028-09-04', 'Nghỉ bù Quốc khánh', true),
      ('2029-01-01', 'Tết Dương lịch', true),
      ('2029-02-12', 'Tết Nguyên Đán (giao thừa)', true),
      ('2029-02-13', 'Tết Nguyên Đán (mùng 1)', true),
      ('2029-02-14', 'Tết Nguyên Đán (mùng 2)', true),
      ('2029-02-15', 'Tết Nguyên Đán (mùng 3)', true),
      ('2029-02-16', 'Tết Nguyên Đán (mùng 4)', true),
      ('2029-04-23', 'Giỗ Tổ Hùng Vương', true),
      ('2029-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2029-05-01', 'Ngày Quốc tế Lao động', true),
      ('2029-09-01', 'Quốc khánh (ngày liền kề)', true),
      ('2029-09-02', 'Quốc khánh', true),
      ('2029-09-03', 'Nghỉ bù Quốc khánh (ngày liền kề)', true),
      ('2029-09-04', 'Nghỉ bù Quốc khánh', true),
      ('2030-01-01', 'Tết Dương lịch', true),
      ('2030-02-02', 'Tết Nguyên Đán (giao thừa)', true),
      ('2030-02-03', 'Tết Nguyên Đán (mùng 1)', true),
      ('2030-02-04', 'Tết Nguyên Đán (mùng 2)', true),
      ('2030-02-05', 'Tết Nguyên Đán (mùng 3)', true),
      ('2030-02-06', 'Tết Nguyên Đán (mùng 4)', true),
      ('2030-02-07', 'Nghỉ bù Tết Nguyên Đán (giao thừa)', true),
      ('2030-02-08', 'Nghỉ bù Tết Nguyên Đán (mùng 1)', false),
      ('2030-04-12', 'Giỗ Tổ Hùng Vương', true),
      ('2030-04-30', 'Ngày Giải phóng miền Nam', true),
      ('2030-05-01', 'Ngày Quốc tế Lao động', true),
      ('2030-09-02', 'Quốc khánh', true),
      ('2030-09-03', 'Quốc khánh (ngày liền kề)', true)
  ) AS seed(date, name, given_by_law)`;

export class HolidayChanges1795850000000 implements MigrationInterface {
  name = 'HolidayChanges1795850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE holidays
        ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'day_off'
        CONSTRAINT holidays_kind_check CHECK (kind IN ('day_off', 'working_day'))`);
    // A seeded day the law still gives but the admin deleted: worked, by the admin's decision.
    await q.query(`
      INSERT INTO holidays (date, name, kind)
      SELECT seed.date::date, seed.name, 'working_day'
        FROM ${OLD_SEED}
       WHERE seed.given_by_law
         AND extract(year FROM seed.date::date) IN (SELECT DISTINCT extract(year FROM date) FROM holidays)
         AND NOT EXISTS (SELECT 1 FROM holidays h WHERE h.date = seed.date::date)`);
    await q.query(`
      DELETE FROM holidays h
       USING ${OLD_SEED}
       WHERE h.kind = 'day_off' AND h.date = seed.date::date AND h.name = seed.name`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO holidays (date, name)
      SELECT seed.date::date, seed.name
        FROM ${OLD_SEED}
       WHERE extract(year FROM seed.date::date) IN (SELECT DISTINCT extract(year FROM date) FROM holidays)
         AND NOT EXISTS (SELECT 1 FROM holidays h WHERE h.date = seed.date::date)`);
    await q.query(`DELETE FROM holidays WHERE kind = 'working_day'`);
    await q.query(`ALTER TABLE holidays DROP COLUMN kind`);
  }
}
