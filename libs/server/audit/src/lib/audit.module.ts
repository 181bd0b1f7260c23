import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit.service';
import { SecurityEvent, TaskHistoryEntry } from './task-history.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TaskHistoryEntry, SecurityEvent])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
