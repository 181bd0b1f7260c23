export * from './lib/server-testing';
