/* Integration tier: the real worker on real PostgreSQL, Redis and SMTP (settings in libs/server/testing/jest-int.preset.cts). */
module.exports = {
  ...require('../../libs/server/testing/jest-int.preset.cts')(__dirname, 'worker-int'),
  // BullMQ's connections to a Redis a test flushed or stopped can outlive a file's teardown: Jest then waited for
  // ever after the last test ("did not exit one second after the test run has completed"). The results are written
  // by then; the throwaway databases are dropped by the global teardown.
  forceExit: true,
};
