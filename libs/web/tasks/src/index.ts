export * from './lib/my-tasks/my-tasks-page';
export * from './lib/unit-tasks/unit-tasks-page';
export * from './lib/task-page/task-page';
export * from './lib/assign/assign-task-page';
export * from './lib/documents/documents-page';
export * from './lib/documents/document-page';
