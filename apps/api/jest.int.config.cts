/*
 * Integration tier: the real API over HTTP on real PostgreSQL (settings in libs/server/testing/jest-int.preset.cts).
 *
 * npm test runs it whole under TZ=UTC, and under TZ=Asia/Ho_Chi_Minh again with TIENDO_INT_DATES_ONLY=1: the second
 * pass leaves out the files below, whose subjects hold no calendar day (the HTTP edge, connections, probes, sign-in
 * and its throttle, tokens, the contract, backups, access rules checked object by object), so that it checks what a
 * process time zone could change, days, deadlines, months, reports, the calendar, imports, without paying twice for
 * the rest. Every file passes under either zone (run it so by hand:
 * `TZ=Asia/Ho_Chi_Minh npx jest -c apps/api/jest.int.config.cts`).
 */
const base = require('../../libs/server/testing/jest-int.preset.cts')(__dirname, 'api-int');

/** Files with no calendar day in their subject: run once per `npm test` (under TZ=UTC). */
const NO_CALENDAR_DAY = [
  'api-contract',
  'api-tokens',
  'attachments',
  'auth',
  'backup',
  'behind-nginx',
  'comments',
  'database-connections',
  'database-resilience',
  'directory-sign-in',
  'endpoint-permissions',
  'error-messages',
  'oidc-sign-in',
  'permissions',
  'probes-and-metrics',
  'second-factor',
  'sessions',
  'sign-in-throttling',
  'text-search-migration',
  'trust-proxy',
  'watchers',
  'webhooks-admin',
];

module.exports =
  process.env['TIENDO_INT_DATES_ONLY'] === '1'
    ? { ...base, testPathIgnorePatterns: ['/node_modules/', ...NO_CALENDAR_DAY.map((name) => `/test/${name}\\.int-spec\\.ts$`)] }
    : base;
