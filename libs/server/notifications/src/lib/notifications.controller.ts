import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NotificationView, Page } from '@tiendo/contracts';
import { Actor, CurrentActor, MayBeOmitted, PageQuery, ToBoolean, UuidParamPipe } from '@tiendo/server-core';
import { IsBoolean } from 'class-validator';
import { Sessions } from '@tiendo/server-auth';
import { concat, filter, from, interval, map, merge, mergeMap, Observable, of, takeUntil } from 'rxjs';
import { NotificationStream } from './notification-stream';
import { NotificationsService } from './notifications.service';

class ListNotificationsQuery extends PageQuery {


  @MayBeOmitted()
  @ToBoolean()
  @IsBoolean()
  unread?: boolean;
}

class EmailPreferenceDto {
  @IsBoolean()
  emailNotifications!: boolean;
}

const HEARTBEAT_MS = 25_000;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
    private readonly sessions: Sessions,
  ) {}

  /** Newest first, with the unread count. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListNotificationsQuery): Promise<Page<NotificationView> & { unread: number }> {
    return this.notifications.list(actor.id, q.page, q.pageSize, q.unread);
  }

  @Get('unread-count')
  async unreadCount(@CurrentActor() actor: Actor): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(actor.id) };
  }

  /**
   * Server-sent events: `{ unread }` now, then whenever a notification arrives (and every 25 s to keep proxies open).
   * The stream lives as long as its session: it ends when the session is revoked (at once, through NOTIFY from any
   * API process) or is found ended at a heartbeat (expired, or a notice missed while the listener reconnected).
   */
  @Sse('stream')
  live(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    const count = () => from(this.notifications.unreadCount(actor.id)).pipe(map((unread) => ({ data: { unread } }) as MessageEvent));
    const sessionId = actor.sessionId;
    const ended = sessionId
      ? merge(
          this.stream.sessionEnded(sessionId),
          interval(HEARTBEAT_MS).pipe(
            mergeMap(() => this.sessions.isLive(sessionId, actor.id)),
            filter((live) => !live),
          ),
        )
      : of(true);
    return concat(count(), merge(this.stream.forUser(actor.id), interval(HEARTBEAT_MS)).pipe(mergeMap(() => count()))).pipe(takeUntil(ended));
  }

  @Post('read-all')
  @HttpCode(200)
  markAllRead(@CurrentActor() actor: Actor): Promise<{ marked: number }> {
    return this.notifications.markAllRead(actor.id);
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<NotificationView> {
    return this.notifications.markRead(actor.id, id);
  }

  @Get('preferences')
  preferences(@CurrentActor() actor: Actor): Promise<{ emailNotifications: boolean }> {
    return this.notifications.emailNotifications(actor.id);
  }

  /** A user turns e-mail reminders off (or on); in-product notifications always arrive. */
  @Put('preferences')
  setPreferences(@CurrentActor() actor: Actor, @Body() dto: EmailPreferenceDto): Promise<{ emailNotifications: boolean }> {
    return this.notifications.setEmailNotifications(actor.id, dto.emailNotifications);
  }
}
