// The tests of the deployment files (check-manifests.spec.js, compose-scale.spec.js), run by npm test beside lint
// and type-check: scripts/ is no Nx project, so the root jest.config.ts does not collect them. Plain CommonJS.
module.exports = {
  displayName: 'scripts',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*.spec.js'],
  transform: {},
  testTimeout: 60_000,
};
