/**
 * The queue and job of the report-task generator, and the one place that decides their ids (where duplicates are
 * collapsed: a catch-up of one day is queued once however many workers ask).
 */
export const REPORT_TASKS_QUEUE = 'report-tasks';

/**
 * Creates the report tasks whose creation day has come. Payload `{ day? }` (informative: the run works on today): the
 * daily run over every obligation; `{ obligationId }`: the same for one obligation at once, asked by the API after a
 * change to it (ReportTasksTrigger).
 */
export const CREATE_REPORT_TASKS_JOB = 'create-report-tasks';

/** The payload of CREATE_REPORT_TASKS_JOB. */
export interface CreateReportTasksPayload {
  day?: string;
  obligationId?: string;
}

/** The job scheduler of the daily run: 00:05 Asia/Ho_Chi_Minh, so a report task is there before the 08:00 reminders. */
export const REPORT_TASKS_SCHEDULE = { id: 'create-report-tasks', pattern: '5 0 * * *' } as const;

/** BullMQ refuses ':' in ids. */
export const reportTaskJobIds = {
  catchUp: (day: string) => `report-tasks-${day}`,
  /**
   * One obligation's run: one job while it waits, however many changes ask for it meanwhile (a burst of edits, the
   * API's retries); the job reads the obligation when it runs, and runs again when it changed meanwhile
   * (CreateReportTasksJob), so a change made while it runs is not lost to the dedup.
   */
  obligation: (obligationId: string) => `report-tasks-obligation-${obligationId}`,
};
