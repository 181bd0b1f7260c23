import { dayOfWeek } from './local-time';
import { nextOccurrences, Occurrence, occurrencesToCreate, recurrenceOccurrences, RecurrenceRule, recurrenceRuleErrors, recurrenceStart } from './recurrence';
import { WorkingCalendar } from './working-calendar';

// Vietnam's days off as the law places them: Tết 2025 Tue 28/01-Mon 03/02, Tết 2026 Mon 16/02-Fri 20/02, 30/04 and 01/05.
const calendar = WorkingCalendar.vietnam();

const line = (o: Occurrence) => `${o.key} ${o.deadline}`;
const next = (rule: RecurrenceRule, start: string, count: number, cal = calendar) => nextOccurrences(rule, start, cal, count).map(line);

describe('every month on a day', () => {
  it('the 31st: a month without one takes its last day (29/02/2024, 28/02/2025, 30/04)', () => {
    const on31: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 31 } };
    expect(next(on31, '2024-01-01', 4)).toEqual(['2024-01 2024-01-31', '2024-02 2024-02-29', '2024-03 2024-03-31', '2024-04 2024-04-30']);
    expect(next(on31, '2025-01-15', 2)).toEqual(['2025-01 2025-01-31', '2025-02 2025-02-28']);
    // Kept as named by default, even on a Saturday (28/02/2026).
    expect(next(on31, '2026-02-01', 1)).toEqual(['2026-02 2026-02-28']);
  });

  it('a day off moves to the next or the previous working day when the series says so; the key stays the month', () => {
    const next31: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 31, onDayOff: 'next_working_day' } };
    const prev31: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 31, onDayOff: 'previous_working_day' } };
    expect(next(next31, '2026-02-01', 2)).toEqual(['2026-02 2026-03-02', '2026-03 2026-03-31']);
    expect(next(prev31, '2026-02-01', 2)).toEqual(['2026-02 2026-02-27', '2026-03 2026-03-31']);
    // January 2026's 31st (a Saturday, moved to Monday 02/02) was named before a series begun on 01/02: not made.
    expect(next(next31, '2026-02-01', 1)[0]).toBe('2026-02 2026-03-02');
    // 30/04/2026 is a holiday and 01/05 too (then the weekend): the 30th of April moves to Monday 04/05.
    expect(next({ frequency: 'monthly', on: { kind: 'day', day: 30, onDayOff: 'next_working_day' } }, '2026-04-01', 1)).toEqual(['2026-04 2026-05-04']);
  });

  it('a series begun after the month’s day starts with the next month', () => {
    expect(next({ frequency: 'monthly', on: { kind: 'day', day: 15 } }, '2026-01-20', 2)).toEqual(['2026-02 2026-02-15', '2026-03 2026-03-15']);
    expect(next({ frequency: 'monthly', on: { kind: 'day', day: 15 } }, '2026-01-15', 1)).toEqual(['2026-01 2026-01-15']);
  });

  it('over five years: one occurrence per month, keys unique, deadlines rising, each on a working day when moved', () => {
    const rule: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 31, onDayOff: 'next_working_day' } };
    const all = nextOccurrences(rule, '2024-01-01', calendar, 60);
    expect(all.map((o) => o.key)).toEqual(Array.from({ length: 60 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`));
    expect(all.map((o) => o.index)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (let i = 1; i < all.length; i++) expect(all[i].deadline > all[i - 1].deadline).toBe(true);
    for (const o of all) expect(calendar.isWorkingDay(o.deadline)).toBe(true);
  });
});

describe('every month on its last working day', () => {
  it('2026: weekends, 30/04 and 01/05 skipped', () => {
    const rule: RecurrenceRule = { frequency: 'monthly', on: { kind: 'last_working_day' } };
    expect(next(rule, '2026-01-01', 6)).toEqual([
      '2026-01 2026-01-30', // 31/01 is a Saturday
      '2026-02 2026-02-27',
      '2026-03 2026-03-31',
      '2026-04 2026-04-29', // 30/04 is a holiday
      '2026-05 2026-05-29',
      '2026-06 2026-06-30',
    ]);
  });

  it("Tết at the month's end: January 2025's last working day is 27/01, or 24/01 once the admin gives 27/01 off", () => {
    const rule: RecurrenceRule = { frequency: 'monthly', on: { kind: 'last_working_day' } };
    expect(next(rule, '2025-01-01', 1)).toEqual(['2025-01 2025-01-27']);
    const changed = WorkingCalendar.vietnam([{ date: '2025-01-27', name: 'Nghỉ hoán đổi', kind: 'day_off' }]);
    expect(next(rule, '2025-01-01', 1, changed)).toEqual(['2025-01 2025-01-24']);
  });
});

describe('every quarter and every year', () => {
  it('a quarter’s third month on the 25th; its first month on the 10th (already past in May: July)', () => {
    expect(next({ frequency: 'quarterly', monthOfQuarter: 3, on: { kind: 'day', day: 25 } }, '2026-11-30', 3)).toEqual([
      '2026-Q4 2026-12-25',
      '2027-Q1 2027-03-25',
      '2027-Q2 2027-06-25',
    ]);
    expect(next({ frequency: 'quarterly', monthOfQuarter: 1, on: { kind: 'day', day: 10 } }, '2026-05-10', 2)).toEqual(['2026-Q3 2026-07-10', '2026-Q4 2026-10-10']);
    expect(next({ frequency: 'quarterly', monthOfQuarter: 3, on: { kind: 'last_working_day' } }, '2026-01-01', 4)).toEqual([
      '2026-Q1 2026-03-31',
      '2026-Q2 2026-06-30',
      '2026-Q3 2026-09-30',
      '2026-Q4 2026-12-31',
    ]);
  });

  it('a year: the last working day of December; 29 February in the years that have one', () => {
    expect(next({ frequency: 'yearly', month: 12, on: { kind: 'last_working_day' } }, '2026-01-01', 3)).toEqual([
      '2026 2026-12-31',
      '2027 2027-12-31',
      '2028 2028-12-29', // 30-31/12/2028 are a weekend
    ]);
    expect(next({ frequency: 'yearly', month: 2, on: { kind: 'day', day: 29 } }, '2023-06-01', 3)).toEqual(['2024 2024-02-29', '2025 2025-02-28', '2026 2026-02-28']);
  });
});

describe('every N working days', () => {
  it('every 5 working days from Monday 09/02/2026 crosses Tết (16-20/02) and its weekends', () => {
    expect(next({ frequency: 'working_days', interval: 5 }, '2026-02-09', 4)).toEqual(['#1 2026-02-09', '#2 2026-02-23', '#3 2026-03-02', '#4 2026-03-09']);
  });

  it('a series begun on a day off starts on the next working day; every 3 from 20/01/2025 skips Tết 2025', () => {
    expect(next({ frequency: 'working_days', interval: 1 }, '2026-02-14', 3)).toEqual(['#1 2026-02-23', '#2 2026-02-24', '#3 2026-02-25']);
    const deadlines = nextOccurrences({ frequency: 'working_days', interval: 3 }, '2025-01-20', calendar, 4).map((o) => o.deadline);
    expect(deadlines).toEqual(['2025-01-20', '2025-01-23', '2025-02-04', '2025-02-07']);
    expect(deadlines.map(dayOfWeek)).toEqual([1, 4, 2, 5]);
  });
});

describe('where a new series starts (the task being the first occurrence)', () => {
  const every3: RecurrenceRule = { frequency: 'working_days', interval: 3 };
  const monthly20: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 20 } };

  it('every N working days: N working days after the task’s deadline (Thursday 31/12/2026, 01/01/2027 off: 06/01, then 11/01)', () => {
    const start = recurrenceStart(every3, { today: '2026-11-20', deadline: '2026-12-31' }, calendar);
    expect(start).toBe('2027-01-06');
    expect(next(every3, start, 3)).toEqual(['#1 2027-01-06', '#2 2027-01-11', '#3 2027-01-14']);
  });

  it('every N working days: after the last occurrence already created when later; from today for a standing task or a past deadline', () => {
    expect(recurrenceStart(every3, { today: '2026-11-20', deadline: '2026-11-30', lastDeadline: '2026-12-31' }, calendar)).toBe('2027-01-06');
    // Friday 20/11/2026: three working days on is Wednesday 25/11, never today itself (the task is today's).
    expect(recurrenceStart(every3, { today: '2026-11-20', deadline: null }, calendar)).toBe('2026-11-25');
    expect(recurrenceStart(every3, { today: '2026-11-20', deadline: '2026-10-01' }, calendar)).toBe('2026-11-25');
    // A deadline on a day off (Saturday 02/01/2027) counts on from it: Mon 04, Tue 05, Wed 06.
    expect(recurrenceStart(every3, { today: '2026-11-20', deadline: '2027-01-02' }, calendar)).toBe('2027-01-06');
  });

  it('calendar rules: the day after the latest deadline, or today (unchanged)', () => {
    expect(recurrenceStart(monthly20, { today: '2026-11-20', deadline: '2026-11-30' }, calendar)).toBe('2026-12-01');
    expect(recurrenceStart(monthly20, { today: '2026-11-20', deadline: '2026-11-30', lastDeadline: '2026-12-20' }, calendar)).toBe('2026-12-21');
    expect(recurrenceStart(monthly20, { today: '2026-11-20', deadline: null }, calendar)).toBe('2026-11-20');
  });

  it('a series already stored keeps its keys and deadlines: #1 is on its start (or the next working day) as before', () => {
    // A series stored with starts_on the day after the deadline, as they were started before: unchanged numbering.
    expect(next(every3, '2027-01-01', 3)).toEqual(['#1 2027-01-04', '#2 2027-01-07', '#3 2027-01-12']);
  });
});

describe('the occurrences to create by a day', () => {
  it('created a number of working days ahead: the 15th, 3 working days ahead (Sunday 15/02/2026 from Wednesday 11/02)', () => {
    const rule: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 15 } };
    const keys = (asOf: string) => occurrencesToCreate(rule, { start: '2026-01-01', asOf, aheadWorkingDays: 3 }, calendar).map((o) => `${o.key} ${o.createOn}`);
    expect(keys('2026-01-11')).toEqual([]);
    expect(keys('2026-01-12')).toEqual(['2026-01 2026-01-12']);
    expect(keys('2026-02-10')).toEqual(['2026-01 2026-01-12']);
    expect(keys('2026-02-11')).toEqual(['2026-01 2026-01-12', '2026-02 2026-02-11']);
  });

  it('ahead across Tết: the 25th of February 2026, 5 working days ahead, is created on 11/02', () => {
    const rule: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 25 } };
    const keys = (asOf: string) => occurrencesToCreate(rule, { start: '2026-02-01', asOf, aheadWorkingDays: 5 }, calendar).map((o) => o.key);
    expect(keys('2026-02-10')).toEqual([]);
    expect(keys('2026-02-11')).toEqual(['2026-02']);
  });

  it('a late run catches up with every occurrence missed, the same keys in the same order; an ended series makes none after its end', () => {
    const rule: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 15 } };
    const early = occurrencesToCreate(rule, { start: '2026-01-01', asOf: '2026-03-01' }, calendar);
    const late = occurrencesToCreate(rule, { start: '2026-01-01', asOf: '2026-07-01' }, calendar);
    expect(early.map((o) => o.key)).toEqual(['2026-01', '2026-02']);
    expect(late.slice(0, early.length)).toEqual(early);
    expect(late.map((o) => o.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(occurrencesToCreate(rule, { start: '2026-01-01', asOf: '2026-12-31', until: '2026-03-20' }, calendar).map((o) => o.key)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('every 10 working days, 2 ahead: the second (23/02/2026, after Tết) is created on 12/02', () => {
    const rule: RecurrenceRule = { frequency: 'working_days', interval: 10 };
    const made = (asOf: string) => occurrencesToCreate(rule, { start: '2026-02-02', asOf, aheadWorkingDays: 2 }, calendar).map((o) => `${o.key} ${o.deadline} ${o.createOn}`);
    expect(made('2026-01-28')).toEqual([]);
    expect(made('2026-02-11')).toEqual(['#1 2026-02-02 2026-01-29']);
    expect(made('2026-02-12')).toEqual(['#1 2026-02-02 2026-01-29', '#2 2026-02-23 2026-02-12']);
  });
});

describe('bad rules', () => {
  it('are named by field and refused', () => {
    expect(recurrenceRuleErrors({ frequency: 'monthly', on: { kind: 'day', day: 31 } })).toEqual([]);
    expect(recurrenceRuleErrors({ frequency: 'monthly', on: { kind: 'day', day: 32 } })).toEqual(['on.day']);
    expect(recurrenceRuleErrors({ frequency: 'monthly', on: { kind: 'day', day: 5, onDayOff: 'sometimes' as never } })).toEqual(['on.onDayOff']);
    expect(recurrenceRuleErrors({ frequency: 'quarterly', monthOfQuarter: 4 as never, on: { kind: 'day', day: 0 } })).toEqual(['monthOfQuarter', 'on.day']);
    expect(recurrenceRuleErrors({ frequency: 'yearly', month: 13, on: { kind: 'last_working_day' } })).toEqual(['month']);
    expect(recurrenceRuleErrors({ frequency: 'working_days', interval: 0 })).toEqual(['interval']);
    expect(recurrenceRuleErrors({ frequency: 'weekly' } as never)).toEqual(['frequency']);
    expect(() => nextOccurrences({ frequency: 'working_days', interval: 0 }, '2026-01-01', calendar, 1)).toThrow(RangeError);
    expect(() => nextOccurrences({ frequency: 'monthly', on: { kind: 'day', day: 1 } }, '2026-02-30', calendar, 1)).toThrow(RangeError);
    expect(() => recurrenceOccurrences({ frequency: 'monthly', on: { kind: 'day', day: 1 } }, '2026-01-01', calendar, -1).next()).toThrow(RangeError);
    expect(() => occurrencesToCreate({ frequency: 'monthly', on: { kind: 'day', day: 1 } }, { start: '2026-01-01', asOf: 'today' }, calendar)).toThrow(RangeError);
  });
});
