import { oldestKeptMonth, retentionCutoff } from './retention-cutoff';

/**
 * The cut-off is the first instant of a Vietnamese month (00:00 +07:00 = 17:00 UTC the day before), whatever the
 * process's time zone: run under TZ=UTC and TZ=Asia/Ho_Chi_Minh (README, Tests).
 */
describe('retentionCutoff: months counted in Asia/Ho_Chi_Minh', () => {
  it.each([
    // now (an instant), months, cut-off (UTC ISO)
    ['2026-11-30T08:00:00Z', 12, '2025-10-31T17:00:00.000Z'],
    ['2026-11-30T08:00:00Z', 24, '2024-10-31T17:00:00.000Z'],
    ['2026-11-30T08:00:00Z', 1, '2026-09-30T17:00:00.000Z'],
    ['2026-11-30T08:00:00Z', 0, '2026-10-31T17:00:00.000Z'],
    // January minus months crosses the year: December and earlier years.
    ['2026-01-15T03:00:00Z', 1, '2025-11-30T17:00:00.000Z'],
    ['2026-01-15T03:00:00Z', 13, '2024-11-30T17:00:00.000Z'],
    ['2026-03-10T03:00:00Z', 14, '2024-12-31T17:00:00.000Z'],
    // February's short month changes nothing: the cut-off is always a first of a month.
    ['2028-02-29T12:00:00Z', 12, '2027-01-31T17:00:00.000Z'],
  ])('at %s keeping %i months the cut-off is %s', (now, months, cutoff) => {
    expect(retentionCutoff(new Date(now), months).toISOString()).toBe(cutoff);
  });

  it('a month begins at 00:00 in Vietnam, not in UTC: 17:00 UTC on the last day of a month is already the next month', () => {
    // 31/10/2026 16:59:59 UTC = 31/10 23:59:59 in Hà Nội (October); one second later it is 01/11 00:00 (November).
    expect(retentionCutoff(new Date('2026-10-31T16:59:59Z'), 12).toISOString()).toBe('2025-09-30T17:00:00.000Z');
    expect(retentionCutoff(new Date('2026-10-31T17:00:00Z'), 12).toISOString()).toBe('2025-10-31T17:00:00.000Z');
    expect(oldestKeptMonth(new Date('2026-10-31T16:59:59Z'), 12)).toBe('2025-10');
    expect(oldestKeptMonth(new Date('2026-10-31T17:00:00Z'), 12)).toBe('2025-11');
  });

  it('keeps at least the months asked: every day of a year, the cut-off is no later than the same moment that many months before', () => {
    for (let day = 0; day < 366; day++) {
      const now = new Date(Date.UTC(2026, 0, 1, 5) + day * 86_400_000);
      for (const months of [1, 12, 24]) {
        const cutoff = retentionCutoff(now, months);
        const sameMomentBefore = new Date(now);
        sameMomentBefore.setUTCMonth(sameMomentBefore.getUTCMonth() - months);
        expect(cutoff.getTime()).toBeLessThanOrEqual(sameMomentBefore.getTime());
        // …and never more than one month more than asked (the first of the month that many months before).
        expect(now.getTime() - cutoff.getTime()).toBeLessThan((months + 1) * 31 * 86_400_000 + 86_400_000);
      }
    }
  });

  it('refuses months that are not a whole number ≥ 0', () => {
    expect(() => retentionCutoff(new Date(), -1)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date(), 1.5)).toThrow(RangeError);
  });
});
