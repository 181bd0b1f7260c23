import { HttpStatus, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tiendo/server-audit';
import { ApiError, AppConfig, Clock } from '@tiendo/server-core';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

/** The table made by migration 1795820000000-SignInThrottling; every limiter below keeps its keys there. */
const TABLE = 'sign_in_throttle';
const HOUR_SECONDS = 3_600;
/** An address counts as the owner's when the account signed in from it within this many days. */
const KNOWN_ADDRESS_DAYS = 90;
const PURGE_EVERY_MS = 5 * 60_000;

type Scope = 'address' | 'account_address' | 'account';

/** What admit() counted, so that a successful sign-in gives it back. */
export interface SignInTicket {
  readonly user: string;
  readonly address: string;
}

/**
 * rate-limiter-flexible's PostgreSQL store, counting in the injected Clock's time instead of Date.now(), so tests
 * move time by hand and a process started at CLOCK_START counts in its own time. Same SQL as the library's store:
 * one `INSERT … ON CONFLICT DO UPDATE … RETURNING` per consume, which PostgreSQL runs atomically, so parallel
 * attempts each see a distinct count. Table made by the migration (`tableCreated: true`), never at run time.
 */
class ClockedRateLimiterPostgres extends RateLimiterPostgres {
  constructor(
    opts: { storeClient: unknown; keyPrefix: string; points: number; duration: number },
    private readonly clock: Clock,
  ) {
    super({ ...opts, tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false, storeType: 'pool' });
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    const newExpire = msDuration > 0 ? this.nowMs() + msDuration : null;
    const expire = forceExpire ? '$3' : `CASE WHEN ${TABLE}.expire <= $4 THEN $3 ELSE ${TABLE}.expire END`;
    return this.query({
      name: forceExpire ? 'rlflx-upsert-force' : 'rlflx-upsert',
      text: `INSERT INTO ${TABLE} VALUES ($1, $2, $3)
               ON CONFLICT (key) DO UPDATE SET
                 points = CASE WHEN (${TABLE}.expire <= $4 OR ${forceExpire ? 'true' : 'false'}) THEN $2 ELSE ${TABLE}.points + ($2) END,
                 expire = ${expire}
             RETURNING points, expire`,
      values: [key, points, newExpire, this.nowMs()],
    });
  }

  async _get(key: string): Promise<unknown> {
    const res = (await this.query({
      name: 'rlflx-get',
      text: `SELECT points, expire FROM ${TABLE} WHERE key = $1 AND (expire > $2 OR expire IS NULL)`,
      values: [key, this.nowMs()],
    })) as { rowCount: number };
    return res.rowCount === 0 ? null : res;
  }

  _getRateLimiterRes(_key: string, changedPoints: number, result: { rows: { points: number; expire: string | null }[] }): RateLimiterRes {
    const row = result.rows[0];
    const isFirstInDuration = changedPoints === row.points;
    const consumedPoints = isFirstInDuration ? changedPoints : row.points;
    const msBeforeNext = row.expire ? Math.max(Number(row.expire) - this.nowMs(), 0) : -1;
    return new RateLimiterRes(Math.max(this.points - consumedPoints, 0), msBeforeNext, consumedPoints, isFirstInDuration);
  }

  /** Rows expired more than an hour ago (the library's own sweep would use the system time). */
  purge(): Promise<void> {
    return (this as unknown as { clearExpired(expire: number): Promise<void> }).clearExpired(this.nowMs() - HOUR_SECONDS * 1000);
  }

  private query(q: { name: string; text: string; values: unknown[] }): Promise<unknown> {
    return (this as unknown as { _query(q: unknown): Promise<unknown> })._query(q);
  }
}

/**
 * Sign-in throttling (OWASP ASVS 4.0.3 2.2.1; NIST SP 800-63B 5.2.2: limit failed attempts without letting an
 * attacker lock the owner out). Counted in PostgreSQL, so every API replica shares the counts and Redis is not
 * needed. Each attempt reserves a point in every counter before its password is checked, and a success gives the
 * points back, so parallel attempts can never be checked beyond a limit. Within one hour (fixed windows):
 *
 * - a client address: LOGIN_MAX_FAILURES_PER_ADDRESS failed sign-ins, whatever the usernames;
 * - an account from one address: LOGIN_MAX_FAILURES_PER_HOUR; other addresses are not affected;
 * - an account from all addresses: after LOGIN_ACCOUNT_SLOWDOWN_AFTER failures, an address the account never signed
 *   in from (in KNOWN_ADDRESS_DAYS days) may try it once per LOGIN_SLOWDOWN_SECONDS; after
 *   LOGIN_MAX_FAILURES_PER_ACCOUNT (at most 100, ASVS 2.2.1) such addresses wait for the hour to end. The owner's own
 *   addresses are never slowed by other people's failures.
 *
 * An unknown username is counted exactly like a known one. A refusal is 429 SIGN_IN_THROTTLED with Retry-After
 * (seconds) and is written to security_events.
 */
@Injectable()
export class SignInThrottle implements OnModuleDestroy {
  private limiters?: {
    address: ClockedRateLimiterPostgres;
    pair: ClockedRateLimiterPostgres;
    account: ClockedRateLimiterPostgres;
    slow: ClockedRateLimiterPostgres;
  };
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Counts one sign-in attempt before its password is checked; throws 429 SIGN_IN_THROTTLED (with Retry-After in
   * seconds) when a limit is reached. `username` is compared case-insensitively, `address` is the client address
   * Express derived from TRUSTED_PROXIES.
   */
  async admit(username: string, address: string | null): Promise<SignInTicket> {
    const limits = this.limitersOnce();
    const ticket: SignInTicket = { user: username.normalize('NFC').toLowerCase(), address: address ?? 'unknown' };
    const pairKey = `${ticket.user}|${ticket.address}`;

    await this.consume(limits.address, ticket.address, ticket, 'address');
    await this.consume(limits.pair, pairKey, ticket, 'account_address');
    let accountFailures: RateLimiterRes;
    try {
      accountFailures = await limits.account.consume(ticket.user);
    } catch (refusal) {
      accountFailures = this.rethrowUnlessRefusal(refusal);
    }
    if (accountFailures.consumedPoints <= this.config.LOGIN_ACCOUNT_SLOWDOWN_AFTER) return ticket;
    // The account is being guessed at: addresses it has been used from go on as before, others slow down.
    if (await this.isKnownAddress(ticket)) return ticket;
    if (accountFailures.consumedPoints > this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT) {
      await this.refuse(ticket, 'account', accountFailures.msBeforeNext);
    }
    await this.consume(limits.slow, pairKey, ticket, 'account');
    return ticket;
  }

  /** A successful sign-in: its reserved points are given back and the account's failures from this address forgotten. */
  async succeeded(ticket: SignInTicket): Promise<void> {
    const limits = this.limitersOnce();
    const pairKey = `${ticket.user}|${ticket.address}`;
    await Promise.all([
      limits.address.reward(ticket.address, 1),
      limits.account.reward(ticket.user, 1),
      limits.pair.delete(pairKey),
      limits.slow.delete(pairKey),
    ]);
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  private async consume(limiter: ClockedRateLimiterPostgres, key: string, ticket: SignInTicket, scope: Scope): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (refusal) {
      const res = this.rethrowUnlessRefusal(refusal);
      await this.refuse(ticket, scope, res.msBeforeNext);
    }
  }

  private rethrowUnlessRefusal(refusal: unknown): RateLimiterRes {
    if (refusal instanceof RateLimiterRes) return refusal;
    throw refusal;
  }

  private async refuse(ticket: SignInTicket, scope: Scope, msBeforeNext: number): Promise<never> {
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    await this.audit.recordSecurityEvent('login_throttled', { username: ticket.user, ip: ticket.address, scope, retryAfter: seconds });
    const wait = seconds < 90 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
    throw new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      'SIGN_IN_THROTTLED',
      `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${wait} (too many failed sign-ins)`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }

  private async isKnownAddress(ticket: SignInTicket): Promise<boolean> {
    const since = new Date(this.clock.now().getTime() - KNOWN_ADDRESS_DAYS * 86_400_000);
    const [row] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM login_attempts WHERE lower(username) = $1 AND ip = $2 AND succeeded AND at > $3) AS known`,
      [ticket.user, ticket.address, since],
    );
    return row.known === true;
  }

  private limitersOnce() {
    if (this.limiters) return this.limiters;
    // TypeORM's postgres driver keeps its node-postgres pool as `master`: the counters share the app's connections.
    const storeClient = (this.db.driver as unknown as { master: unknown }).master;
    const make = (keyPrefix: string, points: number, duration: number) =>
      new ClockedRateLimiterPostgres({ storeClient, keyPrefix, points, duration }, this.clock);
    this.limiters = {
      address: make('address', this.config.LOGIN_MAX_FAILURES_PER_ADDRESS, HOUR_SECONDS),
      pair: make('account_address', this.config.LOGIN_MAX_FAILURES_PER_HOUR, HOUR_SECONDS),
      account: make('account', this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, HOUR_SECONDS),
      slow: make('slowdown', 1, this.config.LOGIN_SLOWDOWN_SECONDS),
    };
    const account = this.limiters.account;
    this.purgeTimer = setInterval(() => void account.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    return this.limiters;
  }
}
