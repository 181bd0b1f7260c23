import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { filter, Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';

/**
 * New notifications as they are committed, from PostgreSQL's LISTEN/NOTIFY (a trigger on `notifications`): the
 * worker writes, the API pushes to the user's open pages. No Redis in the path, so the API needs none. The same
 * connection hears sessions ending (a trigger on `sessions`, whichever API process revoked them), so that their open
 * streams close at once.
 */
const SESSIONS_CHANNEL = 'tiendo_sessions';

@Injectable()
export class NotificationStream implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationStream.name);
  private readonly events = new Subject<string>();
  private readonly endedSessions = new Subject<string>();
  private client: PoolClient | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  /** Checkouts given back already: a dropped connection can emit several errors, and shutdown may follow one. */
  private readonly released = new WeakSet<PoolClient>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** User ids, each time one of their notifications is committed. */
  forUser(userId: string): Observable<string> {
    void this.ensureListening();
    return this.events.pipe(filter((id) => id === userId));
  }

  /** Emits once the session `sessionId` is revoked (sign-out, password change, reuse, deactivation, role change). */
  sessionEnded(sessionId: string): Observable<string> {
    void this.ensureListening();
    return this.endedSessions.pipe(filter((id) => id === sessionId));
  }

  /**
   * Stops listening. A connect under way is waited for: it sees `closed` and gives its connection back, so nothing is
   * left checked out of the pool when the DataSource ends it (the pool's end waits for every client).
   */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.connecting;
    if (this.client) this.release(this.client, true);
  }

  private release(client: PoolClient, destroy: boolean): void {
    if (this.client === client) this.client = null;
    if (this.released.has(client)) return;
    this.released.add(client);
    client.release(destroy);
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async listen(): Promise<void> {
    const pool = (this.db.driver as unknown as { master: Pool }).master;
    let client: PoolClient | null = null;
    try {
      client = await pool.connect();
      // A new checkout, to be given back once: the pool hands out the same client objects again, and one released
      // before (and remembered so) would otherwise never be given back, leaving the pool's end waiting for ever.
      this.released.delete(client);
      // Shut down while connecting: the connection goes back unused (nothing LISTENs on it yet).
      if (this.closed) return this.release(client, false);
      const listening = client;
      listening.on('notification', (msg) => {
        if (!msg.payload) return;
        if (msg.channel === SESSIONS_CHANNEL) this.endedSessions.next(msg.payload);
        else this.events.next(msg.payload);
      });
      // A dropped connection is released (destroyed) and re-opened by the next subscriber. The handler stays: an
      // 'error' event with no listener would crash the process.
      listening.on('error', (err) => {
        this.logger.warn(`notification listener lost its connection: ${err.message}`);
        this.release(listening, true);
      });
      await listening.query(`LISTEN tiendo_notifications; LISTEN ${SESSIONS_CHANNEL}`);
      // Shut down during LISTEN: the connection listens now, so it is closed rather than handed to another user.
      if (this.closed) return this.release(listening, true);
      this.client = listening;
    } catch (err) {
      // A LISTEN that failed leaves a connection in an unknown state: closed, never kept nor pooled.
      if (client) this.release(client, true);
      this.logger.warn(`cannot listen for notifications: ${(err as Error).message}`);
    }
  }
}
