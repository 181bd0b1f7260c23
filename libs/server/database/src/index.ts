export * from './lib/server-database';
