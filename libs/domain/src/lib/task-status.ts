import { LocalDate, toLocalDate } from './local-time';
import { WorkingCalendar } from './working-calendar';

/** The four categories read at the briefing, plus standing tasks (nhiệm vụ thường xuyên) and cancelled ones. */
export const TASK_STATUSES = [
  'completed_on_time',
  'completed_late',
  'in_progress_overdue',
  'in_progress_on_track',
  'no_deadline',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The statuses a period report counts in its total. */
export const BRIEFING_STATUSES = [
  'completed_on_time',
  'completed_late',
  'in_progress_overdue',
  'in_progress_on_track',
] as const;
export type BriefingStatus = (typeof BRIEFING_STATUSES)[number];

/** A change of the deadline in force: an approved extension, or a correction by someone who may assign. */
export interface DeadlineChange {
  effectiveAt: Date;
  deadline: LocalDate | null;
}

/** A reported completion; `returnedAt` when it was returned for redo (trả lại) or reopened. */
export interface CompletionRecord {
  completedAt: Date;
  returnedAt: Date | null;
}

/** A cancellation; `reopenedAt` when it was undone. */
export interface CancellationRecord {
  cancelledAt: Date;
  reopenedAt: Date | null;
}

/** Everything the status rule needs to know of a task's history. */
export interface TaskTimeline {
  originalDeadline: LocalDate | null;
  deadlineChanges: readonly DeadlineChange[];
  completions: readonly CompletionRecord[];
  cancellations: readonly CancellationRecord[];
}

function inForce(start: Date, end: Date | null, at: Date): boolean {
  return start.getTime() <= at.getTime() && (end === null || end.getTime() > at.getTime());
}

/** The deadline in force at moment `at`: the last change effective by then, else the original. */
export function deadlineAt(task: TaskTimeline, at: Date): LocalDate | null {
  let current: DeadlineChange | null = null;
  for (const change of task.deadlineChanges) {
    if (change.effectiveAt.getTime() <= at.getTime() && (!current || change.effectiveAt >= current.effectiveAt)) {
      current = change;
    }
  }
  return current ? current.deadline : task.originalDeadline;
}

/** The completion standing at `at`: reported by then and not returned by then. */
export function completionAt(task: TaskTimeline, at: Date): CompletionRecord | null {
  let current: CompletionRecord | null = null;
  for (const c of task.completions) {
    if (inForce(c.completedAt, c.returnedAt, at) && (!current || c.completedAt > current.completedAt)) current = c;
  }
  return current;
}

export function isCancelledAt(task: TaskTimeline, at: Date): boolean {
  return task.cancellations.some((c) => inForce(c.cancelledAt, c.reopenedAt, at));
}

/**
 * THE status rule. A deadline is a calendar day in Asia/Ho_Chi_Minh: completing at any moment of that day is on
 * time; an open task is overdue from the day after it.
 */
export function classifyTask(task: TaskTimeline, at: Date): TaskStatus {
  if (isCancelledAt(task, at)) return 'cancelled';
  const deadline = deadlineAt(task, at);
  if (deadline === null) return 'no_deadline';
  const completion = completionAt(task, at);
  if (completion) {
    return toLocalDate(completion.completedAt) <= deadline ? 'completed_on_time' : 'completed_late';
  }
  return toLocalDate(at) > deadline ? 'in_progress_overdue' : 'in_progress_on_track';
}

/** How many working days a task may still be due in and count as "sắp đến hạn". */
export const DUE_SOON_WORKING_DAYS = 3;

/** An open task whose deadline (not yet passed) is at most three working days away. */
export function isDueSoon(status: TaskStatus, deadline: LocalDate | null, today: LocalDate, calendar: WorkingCalendar): boolean {
  if (status !== 'in_progress_on_track' || deadline === null) return false;
  return calendar.workingDaysBetween(today, deadline) <= DUE_SOON_WORKING_DAYS;
}
