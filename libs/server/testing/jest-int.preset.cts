/*
 * The integration tier's Jest settings, shared by apps/api and apps/worker: real PostgreSQL (a migrated template
 * per run, a copy per test file, all dropped at the end), `*.int-spec.ts` under each app's test/.
 */
const { join } = require('node:path');

module.exports = (rootDir: string, displayName: string) => ({
  displayName,
  // Resolved from rootDir: both apps sit two levels below the workspace.
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  rootDir,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  globalSetup: join(__dirname, 'src/jest/global-setup.ts'),
  globalTeardown: join(__dirname, 'src/jest/global-teardown.ts'),
  testTimeout: 60_000,
});
