import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, SecurityEventView } from '@tiendo/contracts';
import { ApiAnswer, Roles } from '@tiendo/server-core';
import { AuditService } from './audit.service';
import { SecurityEventsQuery } from './dto/security-events.query';

/** The security events log for admins (OWASP ASVS 4.0.3 V7.2 / 5.0.0 V16: who, what, when in UTC, from where). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/security-events')
@Roles('admin')
export class SecurityEventsController {
  constructor(private readonly audit: AuditService) {}

  /**
   * Security events newest first, `pageSize` (default 50, at most 200) a page, with the total. Filters: `user`
   * (username), `kind`, `from`/`to` (calendar days in Asia/Ho_Chi_Minh, both included). 400 for a malformed filter
   * or `to` before `from`; 403 for anyone but an admin.
   */
  @ApiAnswer.page('SecurityEventView', { summary: 'Nhật ký sự kiện an ninh' })
  @Get()
  list(@Query() q: SecurityEventsQuery): Promise<Page<SecurityEventView>> {
    return this.audit.securityEvents(q);
  }
}
