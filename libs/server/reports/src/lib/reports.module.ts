import { Module } from '@nestjs/common';
import { UnitsModule } from '@tiendo/server-units';
import { UsersModule } from '@tiendo/server-users';
import { ReportSnapshots } from './report-snapshots.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [UnitsModule, UsersModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportSnapshots],
  exports: [ReportsService, ReportSnapshots],
})
export class ReportsModule {}
