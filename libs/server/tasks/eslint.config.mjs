import baseConfig from '../../../eslint.config.mjs';

// Tasks sit at the bottom of the feature arrows (tasks ← comments, attachments, notifications, reports, imports,
// reminders, watchers): they never import the features built on them. Where tasks need something from one of
// them, tasks declare a port (an injection token) and the other lib provides it.
const FEATURES_ABOVE_TASKS = ['reports', 'imports', 'reminders', 'notifications', 'comments', 'attachments', 'watchers'];

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: FEATURES_ABOVE_TASKS.map((f) => `@tiendo/server-${f}`), message: 'libs/server/tasks must not depend on the features built on tasks (see README: dependency direction).' }] },
      ],
    },
  },
];
