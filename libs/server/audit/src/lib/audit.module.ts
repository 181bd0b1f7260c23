import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityEventSink } from '@tiendo/server-core';
import { AuditService } from './audit.service';
import { SecurityEventsController } from './security-events.controller';
import { SecurityEvent, TaskHistoryEntry } from './task-history.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TaskHistoryEntry, SecurityEvent])],
  controllers: [SecurityEventsController],
  providers: [AuditService, { provide: SecurityEventSink, useExisting: AuditService }],
  exports: [AuditService, SecurityEventSink],
})
export class AuditModule {}
