export * from './lib/server-units';
