/*
 * The SQL twins of the status and period rules, tested beside them on real PostgreSQL (the integration tier's
 * settings: a migrated template per run, a copy per test file). Run: TZ=UTC npx jest -c libs/server/tasks/jest.int.config.cts
 */
const base = require('../../server/testing/jest-int.preset.cts')(__dirname, 'server-tasks-int');

module.exports = {
  ...base,
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
};
