import { endOfLocalDay, LocalDate, startOfLocalDay } from './local-time';
import { percentOf } from './percent';
import { BriefingStatus, classifyTask, completionAt, isCancelledAt, TaskTimeline } from './task-status';

/** A task as the period reports see it: its history and the day it was assigned. */
export interface PeriodTask extends TaskTimeline {
  assignedOn: LocalDate;
}

/** Where a task handled in a period stands at the end of it; standing tasks are counted apart. */
export type PeriodCategory = BriefingStatus | 'no_deadline';

/** First and last day of a month written YYYY-MM. */
export function monthBounds(month: string): { from: LocalDate; to: LocalDate } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/**
 * The period rule (shared/domain/README.md): a task is handled in [from, to] when it was assigned on or before
 * `to`, was not already completed before `from` (a completion standing at the start and still standing at the end),
 * and is not cancelled at the end of `to`. It is classified by the status rule at the last moment of `to`, local
 * time, with the deadline in force then. Null when the task is not handled in the period.
 */
export function classifyForPeriod(task: PeriodTask, from: LocalDate, to: LocalDate): PeriodCategory | null {
  if (task.assignedOn > to) return null;
  const end = endOfLocalDay(to);
  const beforeStart = completionAt(task, new Date(startOfLocalDay(from).getTime() - 1));
  if (beforeStart && completionAt(task, end) === beforeStart) return null;
  if (isCancelledAt(task, end)) return null;
  const status = classifyTask(task, end);
  return status === 'cancelled' ? null : status;
}

export interface CategoryCounts {
  completedOnTime: number;
  completedLate: number;
  inProgressOverdue: number;
  inProgressOnTrack: number;
  noDeadline: number;
}

export interface CountWithPercent {
  count: number;
  percent: number;
}

export interface BriefingFigures {
  total: number;
  completedOnTime: CountWithPercent;
  completedLate: CountWithPercent;
  inProgressOverdue: CountWithPercent;
  inProgressOnTrack: CountWithPercent;
  noDeadline: number;
  /** The Government Office's rate: completed ÷ (completed + in progress overdue), in percent. */
  governmentOfficeRate: number;
}

export const emptyCounts = (): CategoryCounts => ({ completedOnTime: 0, completedLate: 0, inProgressOverdue: 0, inProgressOnTrack: 0, noDeadline: 0 });

export const CATEGORY_KEY: Record<PeriodCategory, keyof CategoryCounts> = {
  completed_on_time: 'completedOnTime',
  completed_late: 'completedLate',
  in_progress_overdue: 'inProgressOverdue',
  in_progress_on_track: 'inProgressOnTrack',
  no_deadline: 'noDeadline',
};

/** Counts to the figures read at the briefing: percentages of the total, two decimals, half-up. */
export function briefingFigures(c: CategoryCounts): BriefingFigures {
  const total = c.completedOnTime + c.completedLate + c.inProgressOverdue + c.inProgressOnTrack;
  const completed = c.completedOnTime + c.completedLate;
  const share = (count: number) => ({ count, percent: percentOf(count, total) });
  return {
    total,
    completedOnTime: share(c.completedOnTime),
    completedLate: share(c.completedLate),
    inProgressOverdue: share(c.inProgressOverdue),
    inProgressOnTrack: share(c.inProgressOnTrack),
    noDeadline: c.noDeadline,
    governmentOfficeRate: percentOf(completed, completed + c.inProgressOverdue),
  };
}

export function addCounts(a: CategoryCounts, b: CategoryCounts): CategoryCounts {
  return {
    completedOnTime: a.completedOnTime + b.completedOnTime,
    completedLate: a.completedLate + b.completedLate,
    inProgressOverdue: a.inProgressOverdue + b.inProgressOverdue,
    inProgressOnTrack: a.inProgressOnTrack + b.inProgressOnTrack,
    noDeadline: a.noDeadline + b.noDeadline,
  };
}
