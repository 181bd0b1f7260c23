import { Module } from '@nestjs/common';
import { AuditModule } from '@tiendo/server-audit';
import { ReportsModule } from '@tiendo/server-reports';
import { RegisterReader } from './register-reader';
import { TaskImportController } from './task-import.controller';
import { TaskImportService } from './task-import.service';

@Module({
  imports: [AuditModule, ReportsModule],
  controllers: [TaskImportController],
  providers: [TaskImportService, RegisterReader],
})
export class ImportsModule {}
