import { presetBounds, samePeriodLastYear } from './period-preset';

describe('presetBounds', () => {
  it.each([
    ['month', '2020-06', '2020-06-01', '2020-06-30'],
    ['month', '2024-02', '2024-02-01', '2024-02-29'],
    ['quarter', '2020-01', '2020-01-01', '2020-03-31'],
    ['quarter', '2020-05', '2020-04-01', '2020-06-30'],
    ['quarter', '2020-09', '2020-07-01', '2020-09-30'],
    ['quarter', '2020-12', '2020-10-01', '2020-12-31'],
    ['half', '2020-06', '2020-01-01', '2020-06-30'],
    ['half', '2020-07', '2020-07-01', '2020-12-31'],
    ['nine-months', '2020-03', '2020-01-01', '2020-09-30'],
    ['year', '2020-06', '2020-01-01', '2020-12-31'],
  ] as const)('%s of %s is %s … %s', (preset, anchor, from, to) => {
    expect(presetBounds(preset, anchor)).toEqual({ from, to });
  });
});

describe('samePeriodLastYear', () => {
  it('moves both ends a year back, a month end staying a month end', () => {
    expect(samePeriodLastYear({ from: '2020-04-01', to: '2020-06-30' })).toEqual({ from: '2019-04-01', to: '2019-06-30' });
    expect(samePeriodLastYear({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(samePeriodLastYear({ from: '2025-02-01', to: '2025-02-28' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(samePeriodLastYear({ from: '2024-02-29', to: '2024-03-10' })).toEqual({ from: '2023-02-28', to: '2023-03-10' });
  });
});
