import { formatCount, formatDecimal, formatPercent } from './percent';

describe('formatPercent: as the ministry reads it', () => {
  it.each([
    [61.46, 'vi', '61,46%'],
    [5.2, 'vi', '5,20%'],
    [100, 'vi', '100,00%'],
    [0, 'vi', '0,00%'],
    // Numbers the Vietnamese way in the English app too (issue 12: the briefing showed "75.00%")
    [61.46, 'en', '61,46%'],
    [75, 'en', '75,00%'],
    [1234.5, 'vi', '1234,50%'],
  ] as const)('%s in %s is %s', (value, language, expected) => {
    expect(formatPercent(value, language)).toBe(expected);
  });
});

describe('formatDecimal', () => {
  it('uses the reader’s separator and up to two decimals', () => {
    expect(formatDecimal(98.67, 'vi')).toBe('98,67');
    expect(formatDecimal(98.4, 'en')).toBe('98,4'); // Vietnamese numbers in English too (issue 12)
    expect(formatDecimal(100, 'vi')).toBe('100');
  });
});

describe('formatCount', () => {
  it('groups thousands with a dot, as Vietnamese is read ("Quá hạn 2.318 ngày")', () => {
    expect(formatCount(2318)).toBe('2.318');
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatCount(31)).toBe('31');
    expect(formatCount(0)).toBe('0');
  });
});
