export * from './lib/server-users';
