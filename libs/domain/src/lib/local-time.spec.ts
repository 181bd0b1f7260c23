import { addDays, endOfLocalDay, formatLocalDate, isLocalDate, parseLocalDate, startOfLocalDay, toLocalDate } from './local-time';
import { percentOf } from './percent';

describe('local time in Asia/Ho_Chi_Minh', () => {
  it('a day starts at 17:00 UTC the evening before', () => {
    expect(startOfLocalDay('2020-07-01').toISOString()).toBe('2020-06-30T17:00:00.000Z');
    expect(endOfLocalDay('2020-06-30').toISOString()).toBe('2020-06-30T16:59:59.999Z');
  });
  it('maps instants to the Vietnamese calendar day', () => {
    expect(toLocalDate(new Date('2020-06-30T16:59:59.999Z'))).toBe('2020-06-30');
    expect(toLocalDate(new Date('2020-06-30T17:00:00.000Z'))).toBe('2020-07-01');
  });
  it('answers as the zone rules do in any order of instants: the remembered day never leaks past its edges', () => {
    const fresh = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    // Around midnights, forwards and backwards, across the zone's old offsets (UTC+8 until 1975) and a leap day.
    const edges = ['2020-06-30T17:00:00.000Z', '1975-06-12T16:00:00.000Z', '1970-01-01T16:00:00.000Z', '2024-02-29T17:00:00.000Z'];
    const instants: number[] = [];
    for (const edge of edges) {
      const at = Date.parse(edge);
      for (const delta of [-3_600_000, -1, 0, 1, 3_600_000, -1, 0, 86_400_000 - 1, 86_400_000, -86_400_000]) instants.push(at + delta);
    }
    // A pseudo-random walk over ninety years, seeded so that a failure repeats.
    let seed = 20_261_130;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(Date.parse('1940-01-01T00:00:00Z') + (seed / 2 ** 31) * 90 * 365.25 * 86_400_000);
    }
    for (const ms of instants) expect([new Date(ms).toISOString(), toLocalDate(new Date(ms))]).toEqual([new Date(ms).toISOString(), fresh.format(ms)]);
  });
  it('validates and parses days', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2023-2-1')).toBe(false);
    expect(parseLocalDate('30/06/2020')).toBe('2020-06-30');
    expect(parseLocalDate('1/7/2020')).toBe('2020-07-01');
    expect(parseLocalDate('31/06/2020')).toBeNull();
    expect(formatLocalDate('2020-07-01')).toBe('01/07/2020');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
  });
});

describe('percentOf: half-up to two decimals', () => {
  it.each([
    [59, 96, 61.46],
    [5, 96, 5.21],
    [2, 96, 2.08],
    [30, 96, 31.25],
    [1, 8, 12.5],
    [1, 3, 33.33],
    [2, 3, 66.67],
    [1, 200000, 0.0], // 0.0005 → 0.00
    [1, 800, 0.13], // 0.125 → 0.13 (half-up, not to even)
    [3, 800, 0.38], // 0.375 → 0.38
    [0, 0, 0],
  ])('%d of %d → %d', (count, total, expected) => {
    expect(percentOf(count, total)).toBe(expected);
  });
});
