import { ApiPropertyOptional } from '@nestjs/swagger';
import type { SecurityEventQuery } from '@tiendo/contracts';
import { IsLocalDate, MayBeOmitted, PageQuery, Trim } from '@tiendo/server-core';
import { IsString, Matches, MaxLength } from 'class-validator';

/** `GET /api/admin/security-events?user=&kind=&from=&to=&page=&pageSize=` */
export class SecurityEventsQuery extends PageQuery implements SecurityEventQuery {
  @ApiPropertyOptional({ description: 'A username: events by that user, about that user, or naming that username (failed sign-ins)' })
  @MayBeOmitted()
  @Trim()
  @IsString()
  @MaxLength(64)
  user?: string;

  @ApiPropertyOptional({ description: 'One kind of event (SECURITY_EVENT_KINDS: login, object_hidden…)' })
  @MayBeOmitted()
  @IsString()
  @Matches(/^[a-z][a-z_]{0,63}$/, { message: 'Loại sự kiện viết bằng tên máy, ví dụ login hoặc object_hidden' })
  kind?: string;

  @ApiPropertyOptional({ description: 'First day, YYYY-MM-DD in Asia/Ho_Chi_Minh, included' })
  @MayBeOmitted()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day, YYYY-MM-DD in Asia/Ho_Chi_Minh, included' })
  @MayBeOmitted()
  @IsLocalDate()
  to?: string;
}
