export * from './lib/local-time';
export * from './lib/working-calendar';
export * from './lib/vietnam-holidays';
export * from './lib/lunar-calendar';
export * from './lib/task-status';
export * from './lib/percent';
export * from './lib/period';
export * from './lib/reminder-ladder';
