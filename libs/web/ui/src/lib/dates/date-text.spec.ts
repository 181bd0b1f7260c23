import { formatDayText, formatMonthText, parseDayText, parseMonthText, weekendName } from './date-text';
import { workingDayBefore, WEEKENDS_ONLY } from './days-off';
import { VI_DAY_FORMATS, VI_MONTH_FORMATS, ViDateAdapter, isoDay } from './vi-date-adapter';
import { TestBed } from '@angular/core/testing';
import { MAT_DATE_LOCALE } from '@angular/material/core';
import { vi } from 'date-fns/locale/vi';

describe('the text of the date fields: dd/MM/yyyy whatever the browser', () => {
  it.each([
    ['08/02/2027', '2027-02-08'],
    ['8/2/2027', '2027-02-08'],
    [' 29/02/2028 ', '2028-02-29'],
    ['2027-02-08', '2027-02-08'],
    ['31/12/2026', '2026-12-31'],
  ])('%s is the day %s', (text, iso) => {
    expect(parseDayText(text)).toEqual({ value: iso });
  });

  it('an empty text is no date', () => {
    expect(parseDayText('  ')).toEqual({ value: null });
  });

  it.each(['31/02/2027', '29/02/2027', '00/01/2027', '32/01/2027', '12/13/2026'])('%s is refused in Vietnamese: not a real day', (text) => {
    expect(parseDayText(text).error).toBe(`${text} không phải là một ngày có thật. Nhập ngày theo dạng dd/MM/yyyy, ví dụ 08/02/2027`);
  });

  it.each(['8/2/27', '02-08-2027', 'Feb 8, 2027', '2027', '08.02.2027'])('%s is refused, naming the format', (text) => {
    expect(parseDayText(text).error).toBe('Nhập ngày theo dạng dd/MM/yyyy, ví dụ 08/02/2027');
  });

  it('writes days back as dd/MM/yyyy', () => {
    expect(formatDayText('2027-02-08')).toBe('08/02/2027');
    expect(formatDayText('')).toBe('');
    expect(formatDayText('31/02/2027')).toBe('');
  });

  it('months are MM/yyyy both ways', () => {
    expect(parseMonthText('06/2020')).toEqual({ value: '2020-06' });
    expect(parseMonthText('6/2020')).toEqual({ value: '2020-06' });
    expect(parseMonthText('2020-06')).toEqual({ value: '2020-06' });
    expect(parseMonthText('13/2020').error).toBe('13/2020 không phải là một tháng có thật. Nhập tháng theo dạng MM/yyyy, ví dụ 06/2020');
    expect(parseMonthText('June 2020').error).toBe('Nhập tháng theo dạng MM/yyyy, ví dụ 06/2020');
    expect(formatMonthText('2020-06')).toBe('06/2020');
  });

  it('names the weekend days off and finds the working day before', () => {
    expect(weekendName('2027-02-06')).toBe('Thứ Bảy');
    expect(weekendName('2027-02-07')).toBe('Chủ nhật');
    expect(weekendName('2027-02-08')).toBeNull();
    expect(workingDayBefore(WEEKENDS_ONLY, '2027-02-07')).toBe('2027-02-05');
  });
});

describe('ViDateAdapter (Material datepicker with date-fns vi)', () => {
  let adapter: ViDateAdapter;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [ViDateAdapter, { provide: MAT_DATE_LOCALE, useValue: vi }] });
    adapter = TestBed.inject(ViDateAdapter);
  });

  it('parses only dd/MM/yyyy (and d/M/yyyy) and shows dd/MM/yyyy', () => {
    const day = adapter.parse('8/2/2027', VI_DAY_FORMATS.parse.dateInput) as Date;
    expect(isoDay(day)).toBe('2027-02-08');
    expect(adapter.format(day, VI_DAY_FORMATS.display.dateInput)).toBe('08/02/2027');
    expect(adapter.isValid(adapter.parse('31/02/2027', VI_DAY_FORMATS.parse.dateInput) as Date)).toBe(false);
    expect(adapter.isValid(adapter.parse('8/2/27', VI_DAY_FORMATS.parse.dateInput) as Date)).toBe(false);
    expect(adapter.parse('', VI_DAY_FORMATS.parse.dateInput)).toBeNull();
  });

  it('parses and shows months as MM/yyyy', () => {
    const month = adapter.parse('06/2020', VI_MONTH_FORMATS.parse.dateInput) as Date;
    expect(isoDay(month)).toBe('2020-06-01');
    expect(adapter.format(month, VI_MONTH_FORMATS.display.dateInput)).toBe('06/2020');
  });

  it('speaks Vietnamese: month and weekday names, weeks from Monday', () => {
    expect(adapter.getMonthNames('long')[1]).toBe('Tháng Hai');
    expect(adapter.getDayOfWeekNames('long')[0]).toBe('Chủ Nhật');
    expect(adapter.getFirstDayOfWeek()).toBe(1);
    expect(adapter.format(new Date(2027, 1, 8), VI_DAY_FORMATS.display.dateA11yLabel)).toBe('8, Thứ Hai, 08/02/2027');
  });
});
