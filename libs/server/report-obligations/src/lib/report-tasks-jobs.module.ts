import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CalendarModule } from '@tiendo/server-calendar';
import { TasksModule } from '@tiendo/server-tasks';
import { CreateReportTasksJob } from './jobs/create-report-tasks.job';
import { ReportTaskGenerator } from './report-task-generator';
import { REPORT_TASKS_QUEUE } from './report-task-jobs';
import { ReportTaskScheduler } from './report-task-scheduler';

/**
 * The worker's side of the reporting obligations: the report-task generator, its queue, job and scheduler. Needs
 * BullMQ's root connection (RemindersJobsModule.forRoot registers it); the worker wires ReportTaskScheduler.reconcile
 * to the reminders' watchdog so that a lost Redis is repaired for both.
 */
@Module({
  imports: [BullModule.registerQueue({ name: REPORT_TASKS_QUEUE }), CalendarModule, TasksModule],
  providers: [ReportTaskGenerator, ReportTaskScheduler, CreateReportTasksJob],
  exports: [ReportTaskGenerator, ReportTaskScheduler],
})
export class ReportTasksJobsModule {}
