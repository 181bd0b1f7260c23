/*
 * Integration tier: the real worker on real PostgreSQL, Redis and SMTP (settings in libs/server/testing/jest-int.preset.cts).
 *
 * npm test runs it whole under TZ=UTC, and under TZ=Asia/Ho_Chi_Minh again with TIENDO_INT_DATES_ONLY=1, leaving out
 * the files below, whose subjects hold no calendar day (Redis lost or failed over, probes and metrics, webhook
 * delivery, PgBouncer, the event dispatcher's crash) and the built worker killed mid-run; every file passes under either zone
 * (`TZ=Asia/Ho_Chi_Minh npx jest -c apps/worker/jest.int.config.cts` runs them all).
 */
const NO_CALENDAR_DAY = ['redis-sentinel', 'redis-loss', 'worker-probes-metrics', 'webhooks', 'worker-through-pgbouncer', 'task-event-crash'];
/**
 * A built worker process killed mid-run and restarted (each file starts several): what they test is the recovery,
 * and the days they run on are the reminder ladder's and the generator's, which reminders.int-spec.ts and
 * report-tasks.int-spec.ts check under both zones. Run once too.
 */
const PROCESS_CRASHES = ['worker-crash', 'report-tasks-crash'];

module.exports = {
  ...require('../../libs/server/testing/jest-int.preset.cts')(__dirname, 'worker-int'),
  // BullMQ's connections to a Redis a test flushed or stopped can outlive a file's teardown: Jest then waited for
  // ever after the last test ("did not exit one second after the test run has completed"). The results are written
  // by then; the throwaway databases are dropped by the global teardown.
  forceExit: true,
  ...(process.env['TIENDO_INT_DATES_ONLY'] === '1'
    ? { testPathIgnorePatterns: ['/node_modules/', ...[...NO_CALENDAR_DAY, ...PROCESS_CRASHES].map((name) => `/test/${name}\\.int-spec\\.ts$`)] }
    : {}),
};
