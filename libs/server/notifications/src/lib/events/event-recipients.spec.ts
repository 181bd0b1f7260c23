import type { TaskEventKind } from '@tiendo/contracts';
import { eventRecipients, RecipientFacts } from './event-recipients';

/** The table of who is told what, one row per kind: assignee A, heads H1 H2, followers F (assigner) and W. */
const base: Omit<RecipientFacts, 'kind' | 'actorId' | 'payload'> = { assigneeId: 'A', leadUnitHeads: ['H1', 'H2'], followers: ['F', 'W', 'H1'] };
const told = (kind: TaskEventKind, actorId: string | null, payload: Record<string, unknown> = {}) =>
  Object.fromEntries([...eventRecipients({ ...base, kind, actorId, payload })].sort(([a], [b]) => a.localeCompare(b)));

describe('eventRecipients', () => {
  it.each<[TaskEventKind, Record<string, string>]>([
    ['deadline_changed', { A: 'assignee' }],
    ['completion_returned', { A: 'assignee' }],
    ['reopened', { A: 'assignee' }],
    ['cancelled', { A: 'assignee' }],
    ['extension_requested', { F: 'follower', H1: 'unit_head', H2: 'unit_head', W: 'follower' }],
    ['completion_reported', { F: 'follower', H1: 'unit_head', H2: 'unit_head', W: 'follower' }],
    ['progress_reported', { A: 'assignee', F: 'follower', H1: 'follower', W: 'follower' }],
    ['attachment_added', { A: 'assignee', F: 'follower', H1: 'follower', W: 'follower' }],
  ])('%s', (kind, expected) => {
    expect(told(kind, 'SOMEONE')).toEqual(expected);
  });

  it('never tells the actor of their own action', () => {
    expect(told('completion_reported', 'H1')).toEqual({ F: 'follower', H2: 'unit_head', W: 'follower' });
    expect(told('cancelled', 'A')).toEqual({});
  });

  it('assigned: the assignee named by the event, and the lead unit’s heads', () => {
    expect(told('assigned', 'F', { assigneeId: 'B' })).toEqual({ B: 'assignee', H1: 'unit_head', H2: 'unit_head' });
  });

  it('reassigned: the new assignee, the former one, and the heads only when the unit changed', () => {
    expect(told('reassigned', 'H1', { fromAssigneeId: 'A', toAssigneeId: 'B', fromLeadUnitId: 'U', toLeadUnitId: 'U' })).toEqual({ A: 'former_assignee', B: 'assignee' });
    expect(told('reassigned', 'F', { fromAssigneeId: 'A', toAssigneeId: 'A', fromLeadUnitId: 'U', toLeadUnitId: 'V' })).toEqual({ H1: 'unit_head', H2: 'unit_head' });
  });

  it('extension decided: the assignee and whoever asked', () => {
    expect(told('extension_decided', 'H1', { approved: true, requestedById: 'H2' })).toEqual({ A: 'assignee', H2: 'assignee' });
  });

  it('comments: mentioned first, then assignee, heads and followers; an edit tells only the newly mentioned', () => {
    expect(told('comment_added', 'W', { mentions: ['A', 'Z'] })).toEqual({ A: 'mentioned', F: 'follower', H1: 'unit_head', H2: 'unit_head', Z: 'mentioned' });
    expect(told('comment_added', 'W', { mentions: ['Z'], edited: true })).toEqual({ Z: 'mentioned' });
  });
});
