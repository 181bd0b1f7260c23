import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NotificationView, Page } from '@tiendo/contracts';
import { Actor, CurrentActor, MayBeOmitted, PageQuery, ToBoolean, UuidParamPipe } from '@tiendo/server-core';
import { IsBoolean } from 'class-validator';
import { concat, from, interval, map, merge, mergeMap, Observable } from 'rxjs';
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

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
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

  /** Server-sent events: `{ unread }` now, then whenever a notification arrives (and every 25 s to keep proxies open). */
  @Sse('stream')
  live(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    const count = () => from(this.notifications.unreadCount(actor.id)).pipe(map((unread) => ({ data: { unread } }) as MessageEvent));
    return concat(count(), merge(this.stream.forUser(actor.id), interval(25_000)).pipe(mergeMap(() => count())));
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
