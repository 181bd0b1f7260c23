export * from './lib/data-source-options';
export * from './lib/run-migrations';
export * from './lib/pending-migrations';
