import { Module } from '@nestjs/common';
import { ReportsModule } from '@tiendo/server-reports';
import { TasksModule } from '@tiendo/server-tasks';
import { RegisterReader } from './register-reader';
import { TaskImportController } from './task-import.controller';
import { TaskImportService } from './task-import.service';

@Module({
  imports: [TasksModule, ReportsModule],
  controllers: [TaskImportController],
  providers: [TaskImportService, RegisterReader],
})
export class ImportsModule {}
