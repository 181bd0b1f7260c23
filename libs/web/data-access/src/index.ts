export * from './lib/session';
export * from './lib/auth.interceptor';
export * from './lib/auth.guard';
export * from './lib/api-error';
