export * from './lib/retention-cutoff';
export * from './lib/retention-jobs';
export * from './lib/retention-purge';
export * from './lib/retention-scheduler';
export * from './lib/retention-jobs.module';
