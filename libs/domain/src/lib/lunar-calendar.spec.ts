import { deltaTSeconds, lunarNewYear, lunarToSolar, newMoonJulianDate, solarToLunar, sunLongitude } from './lunar-calendar';

describe('lunar calendar (Hồ Ngọc Đức\'s rules, Meeus\' astronomy)', () => {
  it('reproduces Meeus\' worked examples: the new moon of 18/02/1977 and the Sun on 13/10/1992', () => {
    // Example 49.a: k = -283, JDE 2443192.65118 (TT); the function answers UT, ΔT (~48 s) earlier.
    expect(newMoonJulianDate(-283) + deltaTSeconds(1977.13) / 86400).toBeCloseTo(2443192.65118, 4);
    // Example 25.a: apparent longitude 199°54'21.818" = 199.90606 at JDE 2448908.5.
    expect(sunLongitude(2448908.5 - deltaTSeconds(1992.8) / 86400)).toBeCloseTo(199.906, 2);
  });

  it('Tết and Hùng Kings\' day (10/3) of 2020-2026 are the dates Vietnam observed', () => {
    const observed: Array<[number, string, string]> = [
      [2020, '2020-01-25', '2020-04-02'],
      [2021, '2021-02-12', '2021-04-21'],
      [2022, '2022-02-01', '2022-04-10'],
      [2023, '2023-01-22', '2023-04-29'],
      [2024, '2024-02-10', '2024-04-18'],
      [2025, '2025-01-29', '2025-04-07'],
      [2026, '2026-02-17', '2026-04-26'],
    ];
    for (const [year, tet, hungKings] of observed) {
      expect([year, lunarNewYear(year), lunarToSolar({ year, month: 3, day: 10, leap: false })]).toEqual([year, tet, hungKings]);
    }
  });

  it('on UTC+7 Vietnam\'s new year differs from China\'s (UTC+8) in 1968, 1985, 2007 and 2030', () => {
    const differs: Array<[number, string, string]> = [
      [1968, '1968-01-29', '1968-01-30'], // North Vietnam's first Tết on UTC+7 (Tết Mậu Thân)
      [1985, '1985-01-21', '1985-02-20'], // a whole month: month 11 of 1984 differs
      [2007, '2007-02-17', '2007-02-18'],
      [2030, '2030-02-02', '2030-02-03'],
    ];
    for (const [year, vietnam, china] of differs) {
      expect([year, lunarNewYear(year, 7), lunarNewYear(year, 8)]).toEqual([year, vietnam, china]);
    }
  });

  it('on UTC+8 gives the Chinese new year of 1990-2035, and Vietnam\'s is the same day except in 2007', () => {
    const chinese = [
      '1990-01-27', '1991-02-15', '1992-02-04', '1993-01-23', '1994-02-10', '1995-01-31', '1996-02-19', '1997-02-07',
      '1998-01-28', '1999-02-16', '2000-02-05', '2001-01-24', '2002-02-12', '2003-02-01', '2004-01-22', '2005-02-09',
      '2006-01-29', '2007-02-18', '2008-02-07', '2009-01-26', '2010-02-14', '2011-02-03', '2012-01-23', '2013-02-10',
      '2014-01-31', '2015-02-19', '2016-02-08', '2017-01-28', '2018-02-16', '2019-02-05', '2020-01-25', '2021-02-12',
      '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13',
      '2030-02-03', '2031-01-23', '2032-02-11', '2033-01-31', '2034-02-19', '2035-02-08',
    ];
    for (const date of chinese) {
      const year = Number(date.slice(0, 4));
      expect(lunarNewYear(year, 8)).toBe(date);
      if (year !== 2007 && year !== 2030) expect(lunarNewYear(year, 7)).toBe(date);
    }
  });

  it('places leap months (2020: 4, 2023: 2, 2025: 6) and converts both ways', () => {
    expect(solarToLunar('2020-05-23')).toEqual({ year: 2020, month: 4, day: 1, leap: true });
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar('2025-07-25')).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    // The last day of the lunar year: 30 Chạp Kỷ Hợi (24/01/2020), 29 Chạp Ất Tỵ (16/02/2026), as the notices say.
    expect(solarToLunar('2020-01-24')).toEqual({ year: 2019, month: 12, day: 30, leap: false });
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(() => lunarToSolar({ year: 2026, month: 12, day: 30, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2024, month: 5, day: 1, leap: true })).toThrow(RangeError);
    for (let d = Date.UTC(2019, 11, 1); d < Date.UTC(2027, 0, 31); d += 86_400_000 * 3) {
      const date = new Date(d).toISOString().slice(0, 10);
      expect(lunarToSolar(solarToLunar(date))).toBe(date);
    }
  });

  it('computes every year of 1900-2199: Tết between 21/01 and 20/02, lunar years of 353-385 days', () => {
    let previous = lunarNewYear(1900);
    for (let year = 1900; year <= 2199; year++) {
      const tet = lunarNewYear(year);
      expect(tet >= `${year}-01-21` && tet <= `${year}-02-20`).toBe(true);
      if (year > 1900) {
        const length = (Date.parse(tet) - Date.parse(previous)) / 86_400_000;
        expect([353, 354, 355, 383, 384, 385]).toContain(length);
      }
      previous = tet;
    }
    expect(() => lunarNewYear(2200)).toThrow(RangeError);
  });
});
