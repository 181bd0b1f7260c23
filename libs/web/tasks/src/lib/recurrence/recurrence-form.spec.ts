import { LocalDate, recurrenceStart, WorkingCalendar } from '@tiendo/domain';
import { recurrenceGroup, RecurrenceFormValue, recurrencePreview, recurrenceRequest } from './recurrence-form';

// The law's days off (01/01/2027 among them), as the server's calendar has them without an admin's change.
const calendar = WorkingCalendar.vietnam();
const form = (patch: Partial<RecurrenceFormValue>): RecurrenceFormValue => ({ ...recurrenceGroup().getRawValue(), ...patch });
const dates = (v: RecurrenceFormValue, deadline: string, today: LocalDate) => recurrencePreview(v, deadline, today, calendar).map((o) => `${o.key} ${o.deadline}`);

describe('the recurrence form’s preview and request', () => {
  it('every N working days: the next is N working days after the deadline (31/12/2026, 01/01/2027 off: 06/01, 11/01, 14/01)', () => {
    const v = form({ frequency: 'working_days', interval: 3 });
    expect(dates(v, '2026-12-31', '2026-11-20')).toEqual(['#1 2027-01-06', '#2 2027-01-11', '#3 2027-01-14']);
    // The same start as the server stores (TaskSeriesService.set through recurrenceStart).
    expect(recurrenceStart({ frequency: 'working_days', interval: 3 }, { today: '2026-11-20', deadline: '2026-12-31' }, calendar)).toBe('2027-01-06');
  });

  it('every N working days for a task without a deadline: N working days after today (Friday 20/11/2026: 25/11)', () => {
    expect(dates(form({ frequency: 'working_days', interval: 3 }), '', '2026-11-20')).toEqual(['#1 2026-11-25', '#2 2026-11-30', '#3 2026-12-03']);
  });

  it('a calendar rule still starts the day after the deadline; a day off moves to the next working day by default, as the API', () => {
    const v = form({ frequency: 'monthly', day: 20 });
    expect(v.onDayOff).toBe('next_working_day');
    // 20/12/2026 is a Sunday: Monday 21/12.
    expect(dates(v, '2026-11-30', '2026-11-20')).toEqual(['2026-12 2026-12-21', '2027-01 2027-01-20', '2027-02 2027-02-22']);
    expect(recurrenceRequest(v)).toEqual({ rule: { frequency: 'monthly', on: { kind: 'day', day: 20, onDayOff: 'next_working_day' } }, aheadWorkingDays: 5 });
  });

  it('stops at `endsOn`', () => {
    expect(dates(form({ frequency: 'working_days', interval: 3, endsOn: '2027-01-11' }), '2026-12-31', '2026-11-20')).toEqual(['#1 2027-01-06', '#2 2027-01-11']);
  });
});
