import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { AsyncResource } from 'node:async_hooks';
import { Client, Notification } from 'pg';

/** First pause after a lost or refused connection, in ms; doubled per failed attempt up to LISTEN_RETRY_MAX_MS. */
export const LISTEN_RETRY_MIN_MS = 250;
/** Longest pause between two attempts, in ms. */
export const LISTEN_RETRY_MAX_MS = 30_000;

export interface PgListenerOptions {
  /** A direct connection (not through a transaction-mode pooler: LISTEN lives in a session). */
  connectionString: string;
  /** Channels to LISTEN on: lower-case identifiers. */
  channels: string[];
  /** Its name in pg_stat_activity (`application_name`), so an operator, or a test, can find it. */
  applicationName: string;
  /** Backoff bounds in ms (defaults LISTEN_RETRY_MIN_MS, LISTEN_RETRY_MAX_MS). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** The pause before attempt `failures + 1`: min × 2^failures, capped at max, less up to a fifth at random (jitter). */
export function listenRetryDelay(failures: number, minMs = LISTEN_RETRY_MIN_MS, maxMs = LISTEN_RETRY_MAX_MS): number {
  const full = Math.min(maxMs, minMs * 2 ** Math.min(failures, 20));
  return Math.round(full * (0.8 + 0.2 * Math.random()));
}

/**
 * PostgreSQL LISTEN on a connection of its own (a `pg.Client`, never one of the pool's), which reconnects by itself
 * with exponential backoff when the connection drops or cannot be made. Idle, it costs nothing: no query is sent
 * while it waits; TCP keep-alive notices a peer that vanished silently.
 *
 * Events:
 * - `notification` (pg's `Notification`: channel, payload) for each NOTIFY heard;
 * - `listening` (`{ reconnected: boolean }`) each time LISTEN is in place; `reconnected` is true after a loss: NOTIFYs
 *   sent while it was away were missed, so its users look at the database once (recount, re-check);
 * - `retry` (`{ attempt, delayMs, error }`) when an attempt failed or the connection was lost, before the pause.
 */
export class PgListener extends EventEmitter {
  private readonly logger: Logger;
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  /** Failed attempts since the last success (the backoff's exponent). */
  private failures = 0;
  private heardOnce = false;
  private running = false;
  /** Bumped by each start and stop, so an attempt of an earlier run never installs its connection. */
  private generation = 0;
  /**
   * The async context the listener was made in (a module's start, no request): its connection, timers and events run
   * in it, whichever request first calls start(). Otherwise the request-scoped logger (nestjs-pino's) and anything
   * else carried by AsyncLocalStorage would follow the connection for the life of the process.
   */
  private readonly scope = new AsyncResource('PgListener');

  constructor(private readonly options: PgListenerOptions) {
    super();
    for (const channel of options.channels) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`PgListener: channel name "${channel}" is not a plain identifier`);
    }
    this.logger = new Logger(`PgListener(${options.applicationName})`);
  }

  /** Whether LISTEN is in place now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /**
   * Starts listening (idempotent). Resolves once the first attempt has ended, listening or not: a failure is retried
   * in the background, never thrown.
   */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.generation++;
      this.failures = 0;
      this.scope.runInAsyncScope(() => this.attempt());
    }
    return this.connecting ?? Promise.resolve();
  }

  /** Stops listening and retrying; resolves when its connection is closed (an attempt under way is waited for). */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    await this.connecting;
    if (client) await client.end().catch(() => undefined);
  }

  private attempt(): void {
    const generation = this.generation;
    this.connecting = this.open(generation).finally(() => (this.connecting = null));
  }

  private async open(generation: number): Promise<void> {
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
    // Both stay for the client's life: an 'error' with no listener would crash the process.
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (msg: Notification) => this.emit('notification', msg));
    try {
      await client.connect();
      await client.query(this.options.channels.map((c) => `LISTEN ${c}`).join('; '));
    } catch (err) {
      await client.end().catch(() => undefined);
      if (generation === this.generation) this.retry(err as Error);
      return;
    }
    if (generation !== this.generation) {
      // Stopped (or restarted) meanwhile: this connection listens for nobody.
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    const reconnected = this.heardOnce;
    this.heardOnce = true;
    if (reconnected) this.logger.log('listening again');
    this.emit('listening', { reconnected });
  }

  /** The connection in use dropped (terminated backend, network, server restart): close it and come back later. */
  private lost(client: Client, err: Error): void {
    if (client !== this.client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.retry(err);
  }

  private retry(error: Error): void {
    if (!this.running) return;
    const delayMs = listenRetryDelay(this.failures, this.options.minDelayMs, this.options.maxDelayMs);
    this.failures++;
    this.logger.warn(`not listening (attempt ${this.failures} failed, next in ${delayMs} ms): ${error.message}`);
    this.emit('retry', { attempt: this.failures, delayMs, error });
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running && generation === this.generation) this.attempt();
    }, delayMs);
    this.timer.unref();
  }
}

/**
 * Checks once, at start, that LISTEN works over `url` (DATABASE_LISTEN_URL, else DATABASE_URL): a connection LISTENs
 * on a channel of its own, a second connection NOTIFYs it, and the first must hear it within `timeoutMs`. Through a
 * transaction-mode pooler (PgBouncer) the listening session is handed back to the pool after each statement and the
 * notice never arrives: the live notifications and the worker's wake-ups would then be lost without a word (a
 * DATABASE_LISTEN_URL naming the pooler under another host name passes the text comparison with DATABASE_URL).
 * Resolves when heard; rejects with a message naming `setting`, in Vietnamese first, when not, or with the driver's
 * error when a connection cannot be made.
 */
export async function verifyListenConnection(url: string, setting: string, timeoutMs = 5_000): Promise<void> {
  const channel = `tiendo_listen_check_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const listener = new Client({ connectionString: url, application_name: 'tiendo-listen-check' });
  const sender = new Client({ connectionString: url, application_name: 'tiendo-listen-check' });
  listener.on('error', () => undefined);
  sender.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await listener.connect();
    await sender.connect();
    const heard = new Promise<boolean>((resolve) => {
      listener.on('notification', (n: Notification) => n.channel === channel && resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    await listener.query(`LISTEN ${channel}`);
    await sender.query('SELECT pg_notify($1, $2)', [channel, 'check']);
    if (!(await heard)) {
      throw new Error(
        `${setting} không nhận được thông báo LISTEN/NOTIFY (có lẽ đi qua PgBouncer ở chế độ transaction): đặt ${setting} kết nối thẳng tới PostgreSQL / ` +
          `${setting} does not receive LISTEN/NOTIFY (probably through a transaction-mode PgBouncer): point it straight at PostgreSQL`,
      );
    }
  } finally {
    clearTimeout(timer);
    await Promise.all([listener.end().catch(() => undefined), sender.end().catch(() => undefined)]);
  }
}
