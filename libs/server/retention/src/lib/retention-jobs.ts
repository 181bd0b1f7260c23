/** The queue and job of the retention purge, and the one place that decides their ids. */
export const RETENTION_QUEUE = 'retention';

/** Deletes what is past its retention period (RetentionPurge.run). No payload: the run works at the clock's moment. */
export const PURGE_EXPIRED_RECORDS_JOB = 'purge-expired-records';

/**
 * The job scheduler of the purge: every day at 02:30 Asia/Ho_Chi_Minh, a quiet hour. Daily rather than monthly
 * although records are kept by month: a scheduler does not catch up a run missed while no worker was online, and a
 * daily run makes a missed one cost a day, not a month. A run on any day of a month finds the month's cut-off.
 */
export const RETENTION_SCHEDULE = { id: 'purge-expired-records', pattern: '30 2 * * *' } as const;
