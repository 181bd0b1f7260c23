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
    // @fastify/static needs content-disposition 3, published as an ES module only: Node requires it, Jest's CommonJS
    // loader needs it turned into CommonJS first.
    '/content-disposition/dist/index\\.js$': ['babel-jest', { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] }],
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // openid-client and its two dependencies are ES modules only too: compiled to CommonJS for the tests, like the
    // project's own files.
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!((@fastify/static/node_modules/)?content-disposition|openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  globalSetup: join(__dirname, 'src/jest/global-setup.ts'),
  globalTeardown: join(__dirname, 'src/jest/global-teardown.ts'),
  testTimeout: 60_000,
});
