/* Integration tier: the real worker on real PostgreSQL, Redis and SMTP (a database per test file, dropped at the end). */
module.exports = {
  displayName: 'worker-int',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  globalSetup: '<rootDir>/../../libs/server/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/server/testing/src/jest/global-teardown.ts',
  testTimeout: 60_000,
};
