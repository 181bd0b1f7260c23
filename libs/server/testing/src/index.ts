export * from './lib/controlled-clock';
export * from './lib/throwaway-database';
export * from './lib/fixtures';
export * from './lib/hostile-registers';
export * from './lib/pgbouncer';
export * from './lib/redis-sentinel';
export * from './lib/nginx';
export * from './lib/slapd';
