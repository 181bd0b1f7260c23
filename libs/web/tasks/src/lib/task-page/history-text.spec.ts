import { changeLines } from './history-text';

describe('changeLines: the timeline in words', () => {
  it('shows days as dd/MM/yyyy, instants in Vietnam, hides ids and descriptions, marks coded values', () => {
    const lines = changeLines({
      id: '1',
      at: '2020-06-30T10:00:00Z',
      actor: null,
      action: 'updated',
      note: null,
      changes: [
        { field: 'deadline', from: '2020-06-30', to: '2020-07-15' },
        { field: 'completedAt', from: null, to: '2020-06-30T16:59:59.000Z' },
        { field: 'assigneeId', from: 'a', to: 'b' },
        { field: 'description', from: 'x', to: 'y' },
        { field: 'state', from: 'open', to: 'completed' },
        { field: 'coordinatingUnits', from: ['KHTC'], to: ['KHTC', 'VP'] },
        { field: 'isKeyTask', from: false, to: true },
      ],
    });
    expect(lines).toEqual([
      { field: 'deadline', from: '30/06/2020', to: '15/07/2020', coded: null },
      { field: 'completedAt', from: null, to: '30/06/2020 23:59', coded: null },
      { field: 'assigneeId', from: null, to: null, coded: null },
      { field: 'state', from: 'open', to: 'completed', coded: 'taskState' },
      { field: 'coordinatingUnits', from: 'KHTC', to: 'KHTC, VP', coded: null },
      { field: 'isKeyTask', from: 'false', to: 'true', coded: 'yesNo' },
    ]);
  });

  it('leaves the first values of a created or imported task to the facts card', () => {
    expect(changeLines({ id: '1', at: '2020-06-01T02:00:00Z', actor: null, action: 'created', note: null, changes: [{ field: 'title', from: null, to: 'X' }] })).toEqual([]);
  });
});
