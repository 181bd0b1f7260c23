export * from './lib/server-tasks';
