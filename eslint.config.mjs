import nx from '@nx/eslint-plugin';

const BANNED_IN_DOMAIN = ['@nestjs/*', '@angular/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'express'];

const DEP_CONSTRAINTS = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: BANNED_IN_DOMAIN },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: BANNED_IN_DOMAIN },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:domain', 'type:contracts', 'type:data-access', 'type:ui'],
  },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:contracts'] },
  {
    sourceTag: 'type:ui',
    onlyDependOnLibsWithTags: ['type:ui', 'type:domain', 'type:contracts'],
    bannedExternalImports: ['@angular/common/http'],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:domain', 'type:contracts', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
];
const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: true, allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'], depConstraints },
];
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts', '**/*.bench.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/.angular', '**/test-output'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      // The arrows of ../shared/STYLE.md, as lint errors: apps → libs; server and web → domain, contracts;
      // domain → nothing; production code never imports the testing lib.
      '@nx/enforce-module-boundaries': boundaries(DEP_CONSTRAINTS),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: [...TEST_FILES, 'tools/**/*', 'scripts/**/*'],
    rules: { 'no-console': 'off' },
  },
  {
    // The second rule block for test files (../shared/STYLE.md, type:testing): a server test may import the testing
    // lib (databases, fixtures, ControlledClock); production code never does (the block above).
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(
        DEP_CONSTRAINTS.map((c) =>
          c.sourceTag === 'type:feature' || c.sourceTag === 'type:platform' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] } : c,
        ),
      ),
    },
  },
];
