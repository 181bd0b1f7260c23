import { daysBetween, LocalDate, toLocalDate } from '@tiendo/domain';

export type DeadlineHint = { kind: 'none' } | { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'overdue'; days: number };

/** Days left or days overdue for an open task, counted in calendar days in Asia/Ho_Chi_Minh as the status rule does. */
export function deadlineHint(deadline: LocalDate | null, open: boolean, today: LocalDate = toLocalDate(new Date())): DeadlineHint {
  if (!deadline || !open) return { kind: 'none' };
  const days = daysBetween(today, deadline);
  if (days === 0) return { kind: 'today' };
  return days > 0 ? { kind: 'left', days } : { kind: 'overdue', days: -days };
}
