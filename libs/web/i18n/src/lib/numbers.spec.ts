import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { DisplayLanguage } from '@tiendo/domain';
import { formatDecimal, formatPercent } from '@tiendo/domain';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DecimalNumberPipe, PercentPipe } from './format.pipes';
import { provideI18n, vietnameseNumbers } from './i18n.providers';
import { Language } from './language';

/** Numbers in Vietnamese everywhere: a decimal comma, a fixed number of decimals, English as the second language. */
describe('numbers as the reader reads them', () => {
  const language = signal<DisplayLanguage>('vi');
  const pipes = () => {
    TestBed.configureTestingModule({ providers: [{ provide: Language, useValue: { current: language } }] });
    return TestBed.runInInjectionContext(() => ({ percent: new PercentPipe(), number: new DecimalNumberPipe() }));
  };
  beforeEach(() => language.set('vi'));

  it('percentages: a comma and two decimals, in English too (issue 12: the briefing showed "75.00%")', () => {
    const { percent } = pipes();
    expect(percent.transform(87.5)).toBe('87,50%');
    expect(percent.transform(61.46)).toBe('61,46%');
    expect(percent.transform(100)).toBe('100,00%');
    expect(percent.transform(0)).toBe('0,00%');
    expect(percent.transform(null)).toBe('—');
    language.set('en');
    expect(percent.transform(87.5)).toBe('87,50%');
    expect(percent.transform(75)).toBe('75,00%');
    expect(percent.transform(0)).toBe('0,00%');
  });

  it('scores: two decimals always, so a column lines up; another count of decimals when asked', () => {
    const { number } = pipes();
    expect(number.transform(98.666)).toBe('98,67');
    expect(number.transform(100)).toBe('100,00');
    expect(number.transform(0.3, 1)).toBe('0,3');
    expect(number.transform(undefined)).toBe('—');
    language.set('en');
    expect(number.transform(98.666)).toBe('98,67');
  });

  it('the shared functions: no thousands grouping, a comma in Vietnamese whatever the browser’s locale', () => {
    expect(formatDecimal(0.3, 'vi')).toBe('0,3');
    expect(formatDecimal(1234.5, 'vi', 2)).toBe('1234,50');
    expect(formatPercent(5.21, 'vi')).toBe('5,21%');
    expect(formatPercent(5.21, 'en')).toBe('5,21%');
  });
});

describe('numbers in messages, the Vietnamese way in both languages', () => {
  const translate = async (language: 'vi' | 'en', key: string, params: Record<string, unknown>) => {
    TestBed.configureTestingModule({ providers: [provideI18n()] });
    const transloco = TestBed.inject(TranslocoService);
    await firstValueFrom(transloco.load(language));
    transloco.setActiveLang(language);
    return transloco.translate(key, params);
  };

  it('"Quá hạn 2.318 ngày" on the list, its cards and the print view (catalogue deadline.overdue)', async () => {
    expect(await translate('vi', 'deadline.overdue', { days: 2318 })).toBe('Quá hạn 2.318 ngày');
  });
  it('in English too, and a year stays a year', async () => {
    expect(await translate('en', 'deadline.overdue', { days: 2318 })).toContain('2.318');
    expect(vietnameseNumbers({ year: 2027, count: 12345, name: 'Vụ Bưu chính' })).toEqual({ year: 2027, count: '12.345', name: 'Vụ Bưu chính' });
  });
  it('counts written out by the tdCount pipe', () => {
    expect(new CountPipe().transform(2318)).toBe('2.318');
  });
});
