export * from './lib/register-file';
export * from './lib/task-import.service';
export * from './lib/imports.module';
