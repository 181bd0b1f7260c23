import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tiendo/server-audit';
import { CalendarModule } from '@tiendo/server-calendar';
import { UnitsModule } from '@tiendo/server-units';
import { UsersModule } from '@tiendo/server-users';
import { SourceDocument } from './source-document.entity';
import { SourceDocumentsService } from './source-documents.service';
import { SubTasksService } from './sub-tasks';
import { SubTasksController } from './sub-tasks.controller';
import { TASK_ENTITIES } from './task.entity';
import { TaskEventsRepository } from './task-events.repository';
import { TaskListExportService } from './task-list-export.service';
import { SavedFiltersController } from './saved-filters/saved-filters.controller';
import { SavedFiltersService } from './saved-filters/saved-filters.service';
import { TaskQueryRepository } from './task-query.repository';
import { TaskWritesRepository } from './task-writes.repository';
import { SourceDocumentsController, TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TasksBulkController, TasksBulkService } from './tasks-bulk';
import { RecurringTaskGenerator } from './recurrence/recurring-task-generator';
import { TaskSeriesService } from './recurrence/task-series.service';

@Module({
  imports: [TypeOrmModule.forFeature([...TASK_ENTITIES, SourceDocument]), UnitsModule, UsersModule, CalendarModule, AuditModule],
  controllers: [TasksBulkController, TasksController, SubTasksController, SourceDocumentsController, SavedFiltersController],
  providers: [TasksService, TasksBulkService, TaskQueryRepository, TaskWritesRepository, TaskEventsRepository, SourceDocumentsService, SubTasksService, TaskListExportService, SavedFiltersService, TaskSeriesService, RecurringTaskGenerator],
  exports: [TasksService, SourceDocumentsService, TaskQueryRepository, TaskEventsRepository, SubTasksService, RecurringTaskGenerator],
})
export class TasksModule {}
