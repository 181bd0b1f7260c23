const nxPreset = require('@nx/jest/preset').default;
const { join } = require('node:path');

/**
 * The workspace's `@tiendo/*` imports mapped straight to their files (tsconfig.base.json `paths`). Without this,
 * Nx's resolver first lets Jest's own fail on each of them, then parses the project's tsconfig and asks TypeScript:
 * about a second of every test file's start in the integration tiers (measured with --cpu-prof).
 */
const { paths } = require('./tsconfig.base.json').compilerOptions;
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([name, [target]]) => [`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, join(__dirname, target)]),
);

module.exports = { ...nxPreset, moduleNameMapper };
