import { Module } from '@nestjs/common';
import { CalendarModule } from '@tiendo/server-calendar';
import { NotificationsModule } from '@tiendo/server-notifications';
import { ReportsModule } from '@tiendo/server-reports';
import { TasksModule } from '@tiendo/server-tasks';
import { ReportObligationsController } from './report-obligations.controller';
import { ReportObligationsService } from './report-obligations.service';
import { ReportSubmissionsController } from './report-submissions.controller';
import { ReportSubmissionsService } from './report-submissions.service';
import { ReportTasksTrigger } from './report-task-trigger';

/**
 * Reporting obligations and their API (`/api/report-obligations`): the obligations, and their reports as tasks
 * (submissions, the board, reminders, statistics). The files come from the global AttachmentsModule.
 * ReportSubmissionsController first: its `statistics` must not be taken for an obligation's `:id`.
 */
@Module({
  imports: [CalendarModule, TasksModule, NotificationsModule, ReportsModule],
  controllers: [ReportSubmissionsController, ReportObligationsController],
  providers: [ReportObligationsService, ReportSubmissionsService, ReportTasksTrigger],
  exports: [ReportObligationsService, ReportSubmissionsService],
})
export class ReportObligationsModule {}
