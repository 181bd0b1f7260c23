/* The Jest settings of every web project (Angular in jsdom, zoneless); each project's jest.config.cts names itself. */
const path = require('node:path');

module.exports = (projectDir: string, displayName: string) => {
  const toRoot = path.relative(projectDir, path.resolve(__dirname, '../..')) || '.';
  return {
    displayName,
    preset: `${toRoot}/jest.preset.js`,
    setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
    coverageDirectory: `${toRoot}/coverage/${path.relative(path.resolve(__dirname, '../..'), projectDir)}`,
    transform: {
      '^.+\\.(ts|mjs|js|html)$': ['jest-preset-angular', { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' }],
    },
    // Angular ships .mjs; Transloco's helpers ship ESM in .js files: both are transformed, the rest of node_modules not.
    transformIgnorePatterns: ['node_modules/(?!(.*\\.mjs$|@jsverse/))'],
    snapshotSerializers: [
      'jest-preset-angular/build/serializers/no-ng-attributes',
      'jest-preset-angular/build/serializers/ng-snapshot',
      'jest-preset-angular/build/serializers/html-comment',
    ],
  };
};
