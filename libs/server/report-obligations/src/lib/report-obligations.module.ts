import { Module } from '@nestjs/common';
import { CalendarModule } from '@tiendo/server-calendar';
import { ReportObligationsController } from './report-obligations.controller';
import { ReportObligationsService } from './report-obligations.service';

/** Reporting obligations and their API (`/api/report-obligations`). */
@Module({
  imports: [CalendarModule],
  controllers: [ReportObligationsController],
  providers: [ReportObligationsService],
  exports: [ReportObligationsService],
})
export class ReportObligationsModule {}
