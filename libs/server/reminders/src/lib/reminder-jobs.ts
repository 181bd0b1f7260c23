/** The queues and jobs of the reminders; one place decides job ids (where duplicates are collapsed). */
export const REMINDERS_QUEUE = 'reminders';
export const EMAIL_QUEUE = 'email';

export const ReminderJob = {
  /**
   * The daily reminders of one day: the coordinator (payload: { day?, catchUp?, generation? }). It plans the day's
   * batches, queues them as its children and completes when all are done.
   */
  daily: 'run-daily',
  /** One batch of a day's run (payload: { day, generation, batch }), a child of the coordinator; any worker runs it. */
  dailyBatch: 'run-daily-batch',
  /** Monday's digest to unit heads (payload: { monday }). */
  weekly: 'weekly-digest',
  /** The first working day's figures (payload: { month } = the month just ended). */
  monthly: 'monthly-briefing',
  /** Re-creates schedules from PostgreSQL, catches up today's missed runs, re-queues unsent e-mail. */
  reconcile: 'reconcile',
} as const;

export const SEND_EMAIL_JOB = 'send-email';

/** Job ids: a run of a day, a week or a month is queued once however many workers ask (BullMQ refuses ':' in ids). */
export const jobIds = {
  daily: (day: string) => `daily-${day}`,
  /** One per batch of a plan: a second coordinator, a retry or a re-queue after Redis lost it adds no second job. */
  dailyBatch: (day: string, generation: number, batch: number) => `daily-${day}-g${generation}-b${batch}`,
  weekly: (monday: string) => `weekly-${monday}`,
  monthly: (month: string) => `monthly-${month}`,
  email: (deliveryId: string) => `email-${deliveryId}`,
};

/**
 * The id BullMQ 6 gives the job a scheduler queues for its next moment: `repeat:<scheduler id>:<next, ms since epoch>`
 * (JobScheduler.getSchedulerNextJobId in bullmq/dist/cjs/classes/job-scheduler.js, and the Lua of addJobScheduler).
 */
export function schedulerJobId(schedulerId: string, nextMillis: number): string {
  return `repeat:${schedulerId}:${nextMillis}`;
}

export interface ScheduleSpec {
  id: string;
  pattern: string;
  job: (typeof ReminderJob)[keyof typeof ReminderJob];
}

/** Cron patterns in Asia/Ho_Chi_Minh; each job checks the working-day calendar itself. */
export function schedules(sendHour: number, monthlyHour: number): ScheduleSpec[] {
  return [
    { id: 'daily-reminders', pattern: `0 ${sendHour} * * *`, job: ReminderJob.daily },
    { id: 'weekly-digest', pattern: `0 ${sendHour} * * 1`, job: ReminderJob.weekly },
    { id: 'monthly-briefing', pattern: `0 ${monthlyHour} * * *`, job: ReminderJob.monthly },
    { id: 'reconcile', pattern: '*/10 * * * *', job: ReminderJob.reconcile },
  ];
}
