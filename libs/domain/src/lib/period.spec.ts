import { briefingFigures, classifyForPeriod, monthBounds, PeriodTask } from './period';

const vn = (local: string) => new Date(`${local}+07:00`);
const task = (over: Partial<PeriodTask>): PeriodTask => ({
  assignedOn: '2020-06-10',
  originalDeadline: '2020-06-30',
  deadlineChanges: [],
  completions: [],
  cancellations: [],
  ...over,
});
const { from, to } = monthBounds('2020-06');

describe('classifyForPeriod: membership at each boundary of June 2020', () => {
  it.each([
    ['assigned on the last day', task({ assignedOn: '2020-06-30' }), 'in_progress_on_track'],
    ['assigned the day after', task({ assignedOn: '2020-07-01', originalDeadline: '2020-07-30' }), null],
    ['completed on the first day (00:00:00 local)', task({ assignedOn: '2020-05-10', completions: [{ completedAt: vn('2020-06-01T00:00:00'), returnedAt: null }] }), 'completed_on_time'],
    ['completed the day before the first day (23:59:59 local)', task({ assignedOn: '2020-05-10', completions: [{ completedAt: vn('2020-05-31T23:59:59'), returnedAt: null }] }), null],
    ['completed before the period, returned inside it', task({ assignedOn: '2020-05-10', completions: [{ completedAt: vn('2020-05-20T10:00:00'), returnedAt: vn('2020-06-05T10:00:00') }] }), 'in_progress_on_track'],
    ['cancelled on the last day', task({ cancellations: [{ cancelledAt: vn('2020-06-30T23:00:00'), reopenedAt: null }] }), null],
    ['cancelled the day after the last day', task({ cancellations: [{ cancelledAt: vn('2020-07-01T00:00:00'), reopenedAt: null }] }), 'in_progress_on_track'],
    ['completed 23:59:59 on the deadline day', task({ completions: [{ completedAt: vn('2020-06-30T23:59:59'), returnedAt: null }] }), 'completed_on_time'],
    ['open at the end, due on the last day', task({}), 'in_progress_on_track'],
    ['open at the end, due the day before', task({ originalDeadline: '2020-06-29' }), 'in_progress_overdue'],
    ['completed in July: still in progress at the end of June', task({ originalDeadline: '2020-06-29', completions: [{ completedAt: vn('2020-07-01T00:00:00'), returnedAt: null }] }), 'in_progress_overdue'],
    ['extension approved in July does not rescue June', task({ originalDeadline: '2020-06-29', deadlineChanges: [{ effectiveAt: vn('2020-07-02T00:00:00'), deadline: '2020-07-31' }] }), 'in_progress_overdue'],
    ['standing task', task({ originalDeadline: null }), 'no_deadline'],
  ])('%s', (_name, t, expected) => {
    expect(classifyForPeriod(t, from, to)).toBe(expected);
  });
});

describe('briefingFigures', () => {
  it('reproduces the figures read on 1 July 2020', () => {
    const f = briefingFigures({ completedOnTime: 59, completedLate: 5, inProgressOverdue: 2, inProgressOnTrack: 30, noDeadline: 3 });
    expect(f).toEqual({
      total: 96,
      completedOnTime: { count: 59, percent: 61.46 },
      completedLate: { count: 5, percent: 5.21 },
      inProgressOverdue: { count: 2, percent: 2.08 },
      inProgressOnTrack: { count: 30, percent: 31.25 },
      noDeadline: 3,
      governmentOfficeRate: 96.97, // 64 / 66
    });
  });
  it('a total of 0 gives 0', () => {
    expect(briefingFigures({ completedOnTime: 0, completedLate: 0, inProgressOverdue: 0, inProgressOnTrack: 0, noDeadline: 0 }).completedOnTime.percent).toBe(0);
  });
  it('month bounds', () => {
    expect(monthBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});
