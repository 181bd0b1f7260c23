import type { SubTaskView } from '@tiendo/contracts';
import { editableUntil, insertMention, mentionAt } from './mention';
import { rolledUp } from './sub-tasks';

describe('mentions typed in a comment', () => {
  it('offers names while the caret is in an @word, not in an e-mail address', () => {
    expect(mentionAt('Nhờ @chuy', 9)).toEqual({ start: 4, query: 'chuy' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('lan@mic', 7)).toBeNull();
    expect(mentionAt('Nhờ @chuy xem', 13)).toBeNull();
  });

  it('puts the chosen username in place of what was typed, with a space after it', () => {
    expect(insertMention('Nhờ @chuy xem', 4, 9, 'chuyenvien.vbc')).toEqual({ text: 'Nhờ @chuyenvien.vbc xem', caret: 20 });
    expect(insertMention('@ch', 0, 3, 'chuyenvien.vbc')).toEqual({ text: '@chuyenvien.vbc ', caret: 16 });
  });

  it('allows an edit for 15 minutes after posting', () => {
    expect(editableUntil('2026-11-29T10:00:00Z') - Date.parse('2026-11-29T10:00:00Z')).toBe(15 * 60 * 1000);
  });
});

describe('the sub-tasks’ roll-up shown when the API sends none', () => {
  const sub = (state: SubTaskView['state'], progressPercent: number) => ({ state, progressPercent }) as SubTaskView;
  it('is the mean progress of those not cancelled, a completed one counting 100', () => {
    expect(rolledUp([sub('open', 40), sub('completed', 60), sub('cancelled', 0)])).toBe(70);
    expect(rolledUp([sub('cancelled', 10)])).toBeNull();
  });
});
