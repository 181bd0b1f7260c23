import type { Actor, TaskScopeFacts } from '@tiendo/server-core';
import { FollowerCandidate, follows } from './followers';

const task: TaskScopeFacts = { leadUnitPath: '/bo/dept/', coordinatingUnitPaths: [], assigneeId: null };
const head: Actor = { id: 'h', username: 'h', fullName: 'H', role: 'unit_head', unitId: 'dept', unitPath: '/bo/dept/' };
const outsider: Actor = { id: 'o', username: 'o', fullName: 'O', role: 'staff', unitId: 'other', unitPath: '/bo/other/' };
const candidate = (over: Partial<FollowerCandidate>): FollowerCandidate => ({
  actor: head,
  active: true,
  isAssigner: false,
  isLeadUnitHead: false,
  choice: null,
  ...over,
});

describe('follows', () => {
  it.each([
    ['the lead unit head by default', { isLeadUnitHead: true }, true],
    ['the assigner by default', { isAssigner: true }, true],
    ['an explicit follower', { choice: true }, true],
    ['nobody else', {}, false],
    ['a default follower who unfollowed', { isLeadUnitHead: true, isAssigner: true, choice: false }, false],
    ['an inactive follower', { choice: true, active: false }, false],
    ['an inactive default follower', { isAssigner: true, active: false }, false],
    ['a follower who may no longer read the task', { choice: true, actor: outsider }, false],
    ['an assigner who may no longer read the task', { isAssigner: true, actor: outsider }, false],
  ] as const)('%s', (_name, over, want) => {
    expect(follows(candidate(over as Partial<FollowerCandidate>), task)).toBe(want);
  });
});
