import { addDays, dayOfWeek, LocalDate } from './local-time';
import { WorkingCalendar } from './working-calendar';

/** When reminders go out; admins change these in settings. */
export interface ReminderSettings {
  /** Working days before the deadline on which the assignee is reminded. */
  beforeWorkingDays: number[];
  /** Remind on the deadline day itself (moved to the working day before when it is a day off). */
  onDeadlineDay: boolean;
  /** Remind every working day while overdue. */
  overdueDaily: boolean;
  /** From this many working days overdue, the lead unit's head is told too. */
  escalateToUnitHeadAfter: number;
  /** From this many working days overdue, the Ministry Office (monitor role) is told too. */
  escalateToMonitorAfter: number;
  /** Local hour of the daily reminders and the weekly digest. */
  sendHour: number;
  /** Local hour of the monthly figures on the first working day. */
  monthlyHour: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  beforeWorkingDays: [7, 3, 1],
  onDeadlineDay: true,
  overdueDaily: true,
  escalateToUnitHeadAfter: 3,
  escalateToMonitorAfter: 10,
  sendHour: 8,
  monthlyHour: 7,
};

/** Who a reminder goes to, besides the assignee (or the lead unit's head when nobody is assigned). */
export type Escalation = 'none' | 'unit_head' | 'monitor';

export interface DueReminder {
  /** `before_7`, `due_today`, `overdue_4`…: with the task and its deadline, it names the reminder once. */
  kind: string;
  escalation: Escalation;
  workingDaysOverdue: number;
}

/**
 * THE reminder ladder: which reminder a task with `deadline` is due on `today`. Reminders go out on working days only;
 * one whose day is a day off moves to the working day before it; when two fall on the same day the more urgent is sent.
 */
export function reminderDueOn(today: LocalDate, deadline: LocalDate, calendar: WorkingCalendar, settings: ReminderSettings): DueReminder | null {
  if (!calendar.isWorkingDay(today)) return null;
  if (today > deadline) {
    if (!settings.overdueDaily) return null;
    const n = calendar.workingDaysBetween(deadline, today);
    if (n < 1) return null;
    const escalation: Escalation = n >= settings.escalateToMonitorAfter ? 'monitor' : n >= settings.escalateToUnitHeadAfter ? 'unit_head' : 'none';
    return { kind: `overdue_${n}`, escalation, workingDaysOverdue: n };
  }
  if (settings.onDeadlineDay && calendar.onOrBeforeWorkingDay(deadline) === today) return { kind: 'due_today', escalation: 'none', workingDaysOverdue: 0 };
  // Most urgent first: the nearest "n working days before" that lands on today.
  for (const n of [...settings.beforeWorkingDays].sort((a, b) => a - b)) {
    if (calendar.addWorkingDays(deadline, -n) === today) return { kind: `before_${n}`, escalation: 'none', workingDaysOverdue: 0 };
  }
  return null;
}

/** The first working day of the month `today` is in (the flag-ceremony day). */
export function firstWorkingDayOfMonth(today: LocalDate, calendar: WorkingCalendar): LocalDate {
  return calendar.onOrAfterWorkingDay(`${today.slice(0, 7)}-01`);
}

/** Monday of the week `date` is in (ISO weeks; the weekly digest's key). */
export function mondayOf(date: LocalDate): LocalDate {
  const dow = dayOfWeek(date);
  return addDays(date, dow === 0 ? -6 : 1 - dow);
}
