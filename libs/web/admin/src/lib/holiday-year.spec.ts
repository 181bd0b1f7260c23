import { applyHolidayChanges, HolidayChange } from '@tiendo/domain';
import { holidayYear } from './holiday-year';

describe('a year on the holidays page', () => {
  it('lists exactly the days off the server counts, each marked by law or by the admin', () => {
    const changes: HolidayChange[] = [
      { date: '2026-01-02', name: 'Nghỉ cầu nối', kind: 'day_off' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)', kind: 'working_day' },
      { date: '2026-09-03', name: 'Quốc khánh (ngày liền kề, theo quyết định)', kind: 'day_off' },
      { date: '2027-01-01', name: 'another year', kind: 'working_day' },
    ];
    const y = holidayYear(2026, changes);
    expect(y.daysOff.map((d) => d.date)).toEqual(applyHolidayChanges(2026, changes).map((d) => d.date));
    expect(y.daysOff.find((d) => d.date === '2026-01-02')).toMatchObject({ byLaw: false, weekend: false });
    expect(y.daysOff.find((d) => d.date === '2026-01-01')).toMatchObject({ name: 'Tết Dương lịch', byLaw: true });
    expect(y.workedDays).toEqual([{ date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)', kind: 'lawDay', lawName: 'Quốc khánh (ngày liền kề)' }]);
    expect([...y.changed]).toEqual(['2026-01-02', '2026-09-01', '2026-09-03']);
  });

  it('tells a worked weekend day from a weekday change that changes nothing', () => {
    const y = holidayYear(2025, [
      { date: '2025-02-08', name: 'Làm bù', kind: 'working_day' },
      { date: '2025-02-10', name: 'left from an older placement', kind: 'working_day' },
    ]);
    expect(y.workedDays.map((w) => [w.date, w.kind])).toEqual([
      ['2025-02-08', 'weekend'],
      ['2025-02-10', 'noEffect'],
    ]);
  });

  it('has only the admin’s days off in a year the law is not modelled for', () => {
    const y = holidayYear(1999, [{ date: '1999-09-02', name: 'Quốc khánh', kind: 'day_off' }]);
    expect(y.daysOff).toEqual([{ date: '1999-09-02', name: 'Quốc khánh', byLaw: false, weekend: false }]);
  });
});
