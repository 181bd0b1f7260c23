import { Actor, canReadTask, TaskScopeFacts } from '@tiendo/server-core';

/** One person who may follow a task, as the database finds them: who they are and why they might follow. */
export interface FollowerCandidate {
  actor: Actor;
  active: boolean;
  /** Assigned the task (tasks.assigned_by_id). */
  isAssigner: boolean;
  /** A unit head (role unit_head) of the task's lead unit itself, not of a unit above it. */
  isLeadUnitHead: boolean;
  /** Their last explicit choice on this task: followed (true), unfollowed (false), or none (null). */
  choice: boolean | null;
}

/**
 * THE follower rule (issue 10, "Watchers"): a user follows a task when they are active, may read it now
 * (`canReadTask`, so a follower moved out of scope stops receiving at once), and either followed it explicitly or
 * follow it by default (the assigner and the lead unit's heads) without having unfollowed it. The defaults are
 * computed from the task and the users as they stand, never stored, so a new head follows the unit's tasks at once.
 */
export function follows(candidate: FollowerCandidate, task: TaskScopeFacts): boolean {
  if (!candidate.active) return false;
  const wants = candidate.choice ?? (candidate.isAssigner || candidate.isLeadUnitHead);
  return wants && canReadTask(candidate.actor, task);
}
