import { rolledUpProgress } from './sub-tasks';

describe('rolledUpProgress: the parent’s progress from its sub-tasks', () => {
  const open = (progressPercent: number) => ({ state: 'open' as const, progressPercent });
  it.each([
    ['no sub-tasks', [], null],
    ['only cancelled ones', [{ state: 'cancelled' as const, progressPercent: 50 }], null],
    ['the mean of open ones', [open(40), open(20)], 30],
    ['a completed one counts 100 whatever it last reported', [open(40), { state: 'completed' as const, progressPercent: 10 }], 70],
    ['cancelled ones are left out', [open(40), { state: 'cancelled' as const, progressPercent: 0 }], 40],
    ['rounded to a whole percent, half up', [open(0), open(0), open(1)], 0],
    ['rounded to a whole percent, half up (2)', [open(50), open(51)], 51],
  ])('%s', (_name, subTasks, expected) => {
    expect(rolledUpProgress(subTasks)).toBe(expected);
  });
});
