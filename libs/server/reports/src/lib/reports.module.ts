import { Module } from '@nestjs/common';
import { UnitsModule } from '@tiendo/server-units';
import { UsersModule } from '@tiendo/server-users';
import { OrganisationSettingsController } from './organisation/organisation-settings.controller';
import { OrganisationSettingsService } from './organisation/organisation-settings.service';
import { ReportSnapshots } from './report-snapshots.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [UnitsModule, UsersModule],
  controllers: [ReportsController, OrganisationSettingsController],
  providers: [ReportsService, ReportSnapshots, OrganisationSettingsService],
  exports: [ReportsService, ReportSnapshots, OrganisationSettingsService],
})
export class ReportsModule {}
