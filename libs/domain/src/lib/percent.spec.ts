import { formatPercent } from './percent';

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
