import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, listenUrl, PgListener } from '@tiendo/server-core';
import { filter, Observable, ReplaySubject, Subject } from 'rxjs';

const NOTIFICATIONS_CHANNEL = 'tiendo_notifications';
const SESSIONS_CHANNEL = 'tiendo_sessions';
/** The API's LISTEN connection in pg_stat_activity. */
export const API_LISTENER_NAME = 'tiendo-api-listen';

/**
 * New notifications as they are committed, from PostgreSQL's LISTEN/NOTIFY (a trigger on `notifications`, and the
 * reads' own NOTIFY): the worker writes, the API pushes to the user's open pages. No Redis in the path, so the API needs
 * none. The same connection hears sessions ending (a trigger on `sessions`, whichever API process revoked them), so
 * that their open streams close at once.
 *
 * One connection per API process, its own (PgListener: never one of the pool's, DATABASE_LISTEN_URL when the pool
 * goes through PgBouncer), opened when the first stream asks and re-opened with backoff when it drops. NOTIFYs sent
 * before it listens are missed: `resumed` tells the streams, which then read once what they would have been told.
 */
@Injectable()
export class NotificationStream implements OnModuleDestroy {
  private readonly listener: PgListener;
  private readonly events = new Subject<string>();
  private readonly endedSessions = new Subject<string>();
  private readonly back = new Subject<void>();
  private readonly shuttingDown = new ReplaySubject<void>(1);

  constructor(config: AppConfig) {
    this.listener = new PgListener({ connectionString: listenUrl(config), channels: [NOTIFICATIONS_CHANNEL, SESSIONS_CHANNEL], applicationName: API_LISTENER_NAME });
    this.listener.on('notification', (msg: { channel: string; payload?: string }) => {
      if (!msg.payload) return;
      if (msg.channel === SESSIONS_CHANNEL) this.endedSessions.next(msg.payload);
      else this.events.next(msg.payload);
    });
    // Each time LISTEN is in place: the streams opened before it was (the first ones of the process, or during a
    // loss) may have missed a notice.
    this.listener.on('listening', () => this.back.next());
  }

  /** Whether the LISTEN connection is up now. */
  get listening(): boolean {
    return this.listener.listening;
  }

  /** User ids, each time one of their notifications is committed (or read: the count changed). */
  forUser(userId: string): Observable<string> {
    void this.listener.start();
    return this.events.pipe(filter((id) => id === userId));
  }

  /** Emits once the session `sessionId` is revoked (sign-out, password change, reuse, deactivation, role change). */
  sessionEnded(sessionId: string): Observable<string> {
    void this.listener.start();
    return this.endedSessions.pipe(filter((id) => id === sessionId));
  }

  /**
   * Emits each time LISTEN is in place: at the first start, and after each lost connection. Notices sent before were
   * not heard, so the streams then read once what they would have been told.
   */
  resumed(): Observable<void> {
    return this.back.asObservable();
  }

  /**
   * Emits once the process is shutting down (SIGTERM: a rolling update, a scale-down), also to a stream opened after:
   * the streams then end, so that the HTTP server's close is not held open by them (for as long as a browser keeps
   * one, an hour behind nginx) and the browsers reconnect to another replica.
   */
  shutdown(): Observable<void> {
    return this.shuttingDown.asObservable();
  }

  /**
   * Ends the open streams (before Nest closes the HTTP server, which waits for every open connection), then stops
   * listening; resolves when the connection is closed (one being made is waited for and closed).
   */
  onModuleDestroy(): Promise<void> {
    this.shuttingDown.next();
    return this.listener.stop();
  }
}
