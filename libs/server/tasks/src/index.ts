export * from './lib/source-document.entity';
export * from './lib/task.entity';
export * from './lib/dto/task.dto';
export * from './lib/dto/list-tasks.query';
export * from './lib/task-query.repository';
export * from './lib/source-documents.service';
export * from './lib/tasks.service';
export * from './lib/tasks.module';
