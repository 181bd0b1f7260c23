import { classifyTask, deadlineAt, isDueSoon, TaskStatus, TaskTimeline } from './task-status';
import { WorkingCalendar } from './working-calendar';

/** Instants written with their Vietnamese offset so the table reads as local time whatever TZ the test runs in. */
const vn = (local: string) => new Date(`${local}+07:00`);

const base: TaskTimeline = { originalDeadline: '2020-06-30', deadlineChanges: [], completions: [], cancellations: [] };

describe('classifyTask: the status rule at its boundaries', () => {
  const cases: Array<[string, Partial<TaskTimeline>, string, TaskStatus]> = [
    ['open, the deadline day itself at 23:59:59 local', {}, '2020-06-30T23:59:59', 'in_progress_on_track'],
    ['open, 00:00:00 local the next day', {}, '2020-07-01T00:00:00', 'in_progress_overdue'],
    ['completed at 23:59:59 local on the deadline day',
      { completions: [{ completedAt: vn('2020-06-30T23:59:59'), returnedAt: null }] }, '2020-07-31T12:00:00', 'completed_on_time'],
    ['completed at 00:00:00 local the next day',
      { completions: [{ completedAt: vn('2020-07-01T00:00:00'), returnedAt: null }] }, '2020-07-31T12:00:00', 'completed_late'],
    ['completed at 23:30 UTC on 30/06, already 01/07 in Vietnam',
      { completions: [{ completedAt: new Date('2020-06-30T23:30:00Z'), returnedAt: null }] }, '2020-07-31T12:00:00', 'completed_late'],
    ['completed at 16:59:59 UTC on 30/06, 23:59:59 in Vietnam',
      { completions: [{ completedAt: new Date('2020-06-30T16:59:59Z'), returnedAt: null }] }, '2020-07-31T12:00:00', 'completed_on_time'],
    ['a completion is not seen before it happened',
      { completions: [{ completedAt: vn('2020-06-20T10:00:00'), returnedAt: null }] }, '2020-06-19T10:00:00', 'in_progress_on_track'],
    ['extension approved before T moves the deadline',
      { deadlineChanges: [{ effectiveAt: vn('2020-06-29T09:00:00'), deadline: '2020-07-15' }] }, '2020-07-02T08:00:00', 'in_progress_on_track'],
    ['extension approved after T does not help at T',
      { deadlineChanges: [{ effectiveAt: vn('2020-07-03T09:00:00'), deadline: '2020-07-15' }] }, '2020-07-02T08:00:00', 'in_progress_overdue'],
    ['extension approved exactly at T is in force at T',
      { deadlineChanges: [{ effectiveAt: vn('2020-07-02T08:00:00'), deadline: '2020-07-15' }] }, '2020-07-02T08:00:00', 'in_progress_on_track'],
    ['late completion made on time by an extension approved before T',
      { deadlineChanges: [{ effectiveAt: vn('2020-06-25T09:00:00'), deadline: '2020-07-10' }],
        completions: [{ completedAt: vn('2020-07-05T09:00:00'), returnedAt: null }] }, '2020-07-31T00:00:00', 'completed_on_time'],
    ['completion then return for redo after T: still completed at T',
      { completions: [{ completedAt: vn('2020-06-20T10:00:00'), returnedAt: vn('2020-07-05T10:00:00') }] }, '2020-06-30T23:59:59', 'completed_on_time'],
    ['completion then return for redo before T: open again at T',
      { completions: [{ completedAt: vn('2020-06-20T10:00:00'), returnedAt: vn('2020-06-25T10:00:00') }] }, '2020-06-30T23:59:59', 'in_progress_on_track'],
    ['returned, then overdue',
      { completions: [{ completedAt: vn('2020-06-20T10:00:00'), returnedAt: vn('2020-06-25T10:00:00') }] }, '2020-07-01T00:00:00', 'in_progress_overdue'],
    ['returned, then completed late: the second completion counts',
      { completions: [
        { completedAt: vn('2020-06-20T10:00:00'), returnedAt: vn('2020-06-25T10:00:00') },
        { completedAt: vn('2020-07-02T10:00:00'), returnedAt: null },
      ] }, '2020-07-31T00:00:00', 'completed_late'],
    ['standing task with no deadline', { originalDeadline: null }, '2020-07-31T00:00:00', 'no_deadline'],
    ['deadline removed by a correction', { deadlineChanges: [{ effectiveAt: vn('2020-06-01T00:00:00'), deadline: null }] }, '2020-07-31T00:00:00', 'no_deadline'],
    ['cancelled at T', { cancellations: [{ cancelledAt: vn('2020-06-10T00:00:00'), reopenedAt: null }] }, '2020-07-01T00:00:00', 'cancelled'],
    ['cancelled after T: still counted at T', { cancellations: [{ cancelledAt: vn('2020-07-10T00:00:00'), reopenedAt: null }] }, '2020-07-01T00:00:00', 'in_progress_overdue'],
    ['cancelled then reopened before T', { cancellations: [{ cancelledAt: vn('2020-06-10T00:00:00'), reopenedAt: vn('2020-06-11T00:00:00') }] }, '2020-06-12T00:00:00', 'in_progress_on_track'],
  ];

  it.each(cases)('%s', (_name, overrides, at, expected) => {
    expect(classifyTask({ ...base, ...overrides }, vn(at))).toBe(expected);
  });

  it('the latest of several changes effective by T is in force', () => {
    const task: TaskTimeline = {
      ...base,
      deadlineChanges: [
        { effectiveAt: vn('2020-06-10T00:00:00'), deadline: '2020-07-10' },
        { effectiveAt: vn('2020-07-05T00:00:00'), deadline: '2020-07-20' },
      ],
    };
    expect(deadlineAt(task, vn('2020-06-01T00:00:00'))).toBe('2020-06-30');
    expect(deadlineAt(task, vn('2020-07-01T00:00:00'))).toBe('2020-07-10');
    expect(deadlineAt(task, vn('2020-07-06T00:00:00'))).toBe('2020-07-20');
  });
});

describe('isDueSoon: at most three working days away', () => {
  const calendar = new WorkingCalendar(['2026-09-01', '2026-09-02']);
  it.each([
    // today (Thu 27/08/2026) → deadline
    ['2026-08-27', '2026-08-27', true], // due today
    ['2026-08-27', '2026-08-31', true], // Fri, Mon: 2 working days
    ['2026-08-27', '2026-09-03', true], // Fri, Mon, (holidays Tue, Wed), Thu: 3
    ['2026-08-27', '2026-09-04', false], // 4 working days
  ])('today %s, deadline %s → %s', (today, deadline, expected) => {
    expect(isDueSoon('in_progress_on_track', deadline, today, calendar)).toBe(expected);
  });
  it('never for overdue, completed or standing tasks', () => {
    expect(isDueSoon('in_progress_overdue', '2026-08-26', '2026-08-27', calendar)).toBe(false);
    expect(isDueSoon('completed_on_time', '2026-08-28', '2026-08-27', calendar)).toBe(false);
    expect(isDueSoon('no_deadline', null, '2026-08-27', calendar)).toBe(false);
  });
});
