import { formatDecimal, formatPercent } from './percent';

describe('formatPercent: as the ministry reads it', () => {
  it.each([
    [61.46, 'vi', '61,46%'],
    [5.2, 'vi', '5,20%'],
    [100, 'vi', '100,00%'],
    [0, 'vi', '0,00%'],
    [61.46, 'en', '61.46%'],
    [1234.5, 'vi', '1234,50%'],
  ] as const)('%s in %s is %s', (value, language, expected) => {
    expect(formatPercent(value, language)).toBe(expected);
  });
});

describe('formatDecimal', () => {
  it('uses the reader’s separator and up to two decimals', () => {
    expect(formatDecimal(98.67, 'vi')).toBe('98,67');
    expect(formatDecimal(98.4, 'en')).toBe('98.4');
    expect(formatDecimal(100, 'vi')).toBe('100');
  });
});
