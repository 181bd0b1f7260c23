import { Module } from '@nestjs/common';
import { ReportObligationsModule } from '@tiendo/server-report-obligations';
import { ReportsModule } from '@tiendo/server-reports';
import { TasksModule } from '@tiendo/server-tasks';
import { UnitsModule } from '@tiendo/server-units';
import { UsersModule } from '@tiendo/server-users';
import { UnitChangesController } from './unit-changes.controller';
import { UnitChangesService } from './unit-changes.service';

/** Units that merge and split: `POST /api/units/merges`, `/api/units/splits` and their previews. */
@Module({
  imports: [UnitsModule, UsersModule, TasksModule, ReportsModule, ReportObligationsModule],
  controllers: [UnitChangesController],
  providers: [UnitChangesService],
  exports: [UnitChangesService],
})
export class UnitChangesModule {}
