export * from './lib/register-columns';
export * from './lib/register-file';
export * from './lib/register-reader';
export * from './lib/task-import.service';
export * from './lib/imports.module';
