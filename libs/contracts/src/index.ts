export * from './lib/roles';
export * from './lib/errors';
export * from './lib/api';
export * from './lib/reports';
export * from './lib/organisation';
export * from './lib/security-events';
export * from './lib/work';
export * from './lib/periods-bulk';
