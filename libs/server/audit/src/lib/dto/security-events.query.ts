import { ApiPropertyOptional } from '@nestjs/swagger';
import { SECURITY_EVENT_KINDS, SecurityEventKind, SecurityEventQuery } from '@tiendo/contracts';
import { IsLocalDate, MayBeOmitted, PageQuery, Trim } from '@tiendo/server-core';
import { IsIn, IsString, MaxLength } from 'class-validator';

/** `GET /api/admin/security-events?user=&kind=&from=&to=&page=&pageSize=` */
export class SecurityEventsQuery extends PageQuery implements SecurityEventQuery {
  @ApiPropertyOptional({ description: 'A username: events by that user, about that user, or naming that username (failed sign-ins)' })
  @MayBeOmitted()
  @Trim()
  @IsString()
  @MaxLength(64)
  user?: string;

  @ApiPropertyOptional({ enum: SECURITY_EVENT_KINDS, description: 'One kind of event; an unknown kind is 400 (rule isIn, the kinds listed)' })
  @MayBeOmitted()
  @IsIn(SECURITY_EVENT_KINDS)
  kind?: SecurityEventKind;

  @ApiPropertyOptional({ description: 'First day, YYYY-MM-DD in Asia/Ho_Chi_Minh, included' })
  @MayBeOmitted()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day, YYYY-MM-DD in Asia/Ho_Chi_Minh, included' })
  @MayBeOmitted()
  @IsLocalDate()
  to?: string;
}
