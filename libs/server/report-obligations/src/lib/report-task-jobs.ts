/**
 * The queue and job of the report-task generator, and the one place that decides their ids (where duplicates are
 * collapsed: a catch-up of one day is queued once however many workers ask).
 */
export const REPORT_TASKS_QUEUE = 'report-tasks';

/** Creates the report tasks whose creation day has come (payload: { day? }, informative: the run works on today). */
export const CREATE_REPORT_TASKS_JOB = 'create-report-tasks';

/** The job scheduler of the daily run: 00:05 Asia/Ho_Chi_Minh, so a report task is there before the 08:00 reminders. */
export const REPORT_TASKS_SCHEDULE = { id: 'create-report-tasks', pattern: '5 0 * * *' } as const;

/** BullMQ refuses ':' in ids. */
export const reportTaskJobIds = {
  catchUp: (day: string) => `report-tasks-${day}`,
};
