import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NotificationView, Page } from '@tiendo/contracts';
import { Actor, ApiAnswer, Clock, CurrentActor, MayBeOmitted, PageQuery, ToBoolean, UuidParamPipe } from '@tiendo/server-core';
import { IsBoolean } from 'class-validator';
import { Sessions } from '@tiendo/server-auth';
import { concat, defer, distinctUntilChanged, from, interval, map, merge, mergeMap, Observable, of, switchMap, takeUntil, timer } from 'rxjs';
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

/** An SSE comment this often keeps proxies from closing an idle stream; it costs no query. */
export const HEARTBEAT_MS = 25_000;
/** setTimeout's longest delay (about 24.8 days): a later session end is looked at again then. */
const LONGEST_TIMER_MS = 2_147_000_000;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
    private readonly sessions: Sessions,
    private readonly clock: Clock,
  ) {}

  /** Newest first, with the unread count. */
  @ApiAnswer('NotificationPage', { summary: 'Thông báo của tôi (mới nhất trước), kèm số chưa đọc' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListNotificationsQuery): Promise<Page<NotificationView> & { unread: number }> {
    return this.notifications.list(actor.id, q.page, q.pageSize, q.unread);
  }

  @ApiAnswer('UnreadCountView', { summary: 'Số thông báo chưa đọc' })
  @Get('unread-count')
  async unreadCount(@CurrentActor() actor: Actor): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(actor.id) };
  }

  /**
   * Server-sent events: `data: { unread }` now, then whenever the count changes (a notification committed, one read,
   * through PostgreSQL NOTIFY; the same count is never sent twice in a row), and an SSE comment (`: ping`) every 25 s
   * to keep proxies open. Idle, a stream costs no query: the count is read when told, and the session when it would
   * expire (SESSION_IDLE_MINUTES after its last refresh, which may have moved it) or is revoked (at once, through
   * NOTIFY from any API process). Each time the process's LISTEN connection is (back) in place, each stream reads both
   * once, so a notice sent while it was away is neither lost nor leaves a revoked session's stream open. A stream ends
   * when the process shuts down (the browser's EventSource reconnects, to another replica).
   */
  @ApiAnswer.events('UnreadCountView', { summary: 'Theo dõi số thông báo chưa đọc (server-sent events)' })
  @Sse('stream')
  live(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    const count = () => from(this.notifications.unreadCount(actor.id));
    const sessionId = actor.sessionId;
    const ended = sessionId
      ? merge(this.stream.sessionEnded(sessionId), merge(of(null), this.stream.resumed()).pipe(switchMap(() => this.sessionEnd(sessionId, actor.id))))
      : of(true);
    const heartbeat = interval(HEARTBEAT_MS).pipe(map(() => ({ comment: 'ping' }) as MessageEvent));
    // A count is sent when it differs from the last one sent (a recount after LISTEN resumed usually does not).
    const counts = concat(count(), merge(this.stream.forUser(actor.id), this.stream.resumed()).pipe(mergeMap(() => count()))).pipe(
      distinctUntilChanged(),
      map((unread) => ({ data: { unread } }) as MessageEvent),
    );
    return merge(counts, heartbeat).pipe(takeUntil(merge(ended, this.stream.shutdown())));
  }

  /** Emits when the session is found ended: read now, and again at the moment it would expire. */
  private sessionEnd(sessionId: string, userId: string): Observable<true> {
    return defer(() => this.sessions.liveUntil(sessionId, userId)).pipe(
      switchMap((until) => {
        if (!until) return of(true as const);
        const wait = Math.min(LONGEST_TIMER_MS, Math.max(0, until.getTime() - this.clock.now().getTime()) + 1);
        return timer(wait).pipe(switchMap(() => this.sessionEnd(sessionId, userId)));
      }),
    );
  }

  @ApiAnswer('MarkedReadView', { summary: 'Đánh dấu đã đọc tất cả' })
  @Post('read-all')
  @HttpCode(200)
  markAllRead(@CurrentActor() actor: Actor): Promise<{ marked: number }> {
    return this.notifications.markAllRead(actor.id);
  }

  @ApiAnswer('NotificationView', { summary: 'Đánh dấu đã đọc một thông báo' })
  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<NotificationView> {
    return this.notifications.markRead(actor.id, id);
  }

  @ApiAnswer('EmailPreferenceView', { summary: 'Có nhận thông báo qua thư điện tử không' })
  @Get('preferences')
  preferences(@CurrentActor() actor: Actor): Promise<{ emailNotifications: boolean }> {
    return this.notifications.emailNotifications(actor.id);
  }

  /** A user turns e-mail reminders off (or on); in-product notifications always arrive. */
  @ApiAnswer('EmailPreferenceView', { summary: 'Bật hoặc tắt thông báo qua thư điện tử' })
  @Put('preferences')
  setPreferences(@CurrentActor() actor: Actor, @Body() dto: EmailPreferenceDto): Promise<{ emailNotifications: boolean }> {
    return this.notifications.setEmailNotifications(actor.id, dto.emailNotifications);
  }
}
