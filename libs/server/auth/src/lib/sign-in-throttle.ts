import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tiendo/server-audit';
import { AppConfig, Clock, namedStatementsOff, refuse } from '@tiendo/server-core';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

/** The table made by migration 1795820000000-SignInThrottling; every limiter below keeps its keys there. */
const TABLE = 'sign_in_throttle';
const HOUR_SECONDS = 3_600;
/** An address counts as the owner's when the account signed in from it within this many days. */
const KNOWN_ADDRESS_DAYS = 90;
const PURGE_EVERY_MS = 5 * 60_000;
/** The window of OIDC_STARTS_PER_ADDRESS: a started sign-in's own life (OIDC_SIGN_IN_TTL_MS). */
const PROVIDER_START_WINDOW_SECONDS = 600;

type Scope = 'address' | 'account_address' | 'account';
type LimiterName = 'address' | 'pair' | 'account' | 'slow' | 'providerStart';
/** What was being checked when a limit refused: a password at sign-in, a current password, a second factor's code. */
export type ThrottledAction = 'sign_in' | 'change_password' | 'second_factor' | 'oidc_start';

/**
 * What admit() reserved for one attempt: the counters and keys it took a point from. Kept (a failure) when the
 * password was checked and was wrong; given back by `succeeded` or `unchecked` otherwise.
 */
export interface SignInTicket {
  readonly user: string;
  readonly address: string;
  /** Whether the account has signed in from this address within KNOWN_ADDRESS_DAYS days (the owner's address). */
  readonly ownersAddress: boolean;
  /** The points this attempt holds, one per entry; emptied when they are given back (so never twice). */
  readonly reserved: { limiter: LimiterName; key: string }[];
}

/**
 * rate-limiter-flexible's PostgreSQL store, counting in the injected Clock's time instead of Date.now(), so tests
 * move time by hand and a process started at CLOCK_START counts in its own time. Same SQL as the library's store:
 * one `INSERT … ON CONFLICT DO UPDATE … RETURNING` per consume, which PostgreSQL runs atomically, so parallel
 * attempts each see a distinct count. Table made by the migration (`tableCreated: true`), never at run time.
 */
class ClockedRateLimiterPostgres extends RateLimiterPostgres {
  private readonly unnamed: boolean;

  constructor(
    opts: { storeClient: unknown; keyPrefix: string; points: number; duration: number },
    private readonly clock: Clock,
  ) {
    super({ ...opts, tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false, storeType: 'pool' });
    this.unnamed = namedStatementsOff(opts.storeClient);
  }

  /** Through a transaction-mode pooler the library's named statements go unnamed (see namedStatementsOff). */
  _query(q: { name?: string; text: string; values?: unknown[] }): Promise<unknown> {
    const library = RateLimiterPostgres.prototype as unknown as { _query(q: unknown): Promise<unknown> };
    return library._query.call(this, this.unnamed ? { text: q.text, values: q.values } : q);
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    const newExpire = msDuration > 0 ? this.nowMs() + msDuration : null;
    const expire = forceExpire ? '$3' : `CASE WHEN ${TABLE}.expire <= $4 THEN $3 ELSE ${TABLE}.expire END`;
    return this.query({
      name: forceExpire ? 'rlflx-upsert-force' : 'rlflx-upsert',
      text: `INSERT INTO ${TABLE} VALUES ($1, GREATEST(0, $2::int), $3)
               ON CONFLICT (key) DO UPDATE SET
                 points = GREATEST(0, CASE WHEN (${TABLE}.expire <= $4 OR ${forceExpire ? 'true' : 'false'}) THEN $2 ELSE ${TABLE}.points + ($2) END),
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
 * The account key the counters use: NFKC, lower case, a combining dot above (U+0307) after an i removed, so that the
 * spellings PostgreSQL's lower() signs in as one user ('admİn', 'ADMİN', 'admin') are one key. Callers pass the
 * stored username when the account exists, so the key is the identity the sign-in resolves.
 */
export function accountKey(username: string): string {
  return username.normalize('NFKC').toLowerCase().replace(/i\u0307/g, 'i');
}

/**
 * Sign-in throttling (OWASP ASVS 4.0.3 2.2.1; NIST SP 800-63B 5.2.2: limit failed attempts without letting an
 * attacker lock the owner out). Counted in PostgreSQL, so every API replica shares the counts and Redis is not
 * needed. Only attempts whose password was checked and found wrong count as failures: each attempt reserves a point
 * in every counter it meets before its password is checked (atomically, so parallel attempts can never be checked
 * beyond a limit), and every point is given back when the attempt ends without a wrong password: a success, a
 * refusal by any counter, 503 SERVER_BUSY, an error. Within one hour (fixed windows):
 *
 * - a client address: LOGIN_MAX_FAILURES_PER_ADDRESS failed sign-ins, whatever the usernames; not applied to an
 *   account at its owner's address (one it signed in from within KNOWN_ADDRESS_DAYS days: a shared office NAT);
 * - an account from one address: LOGIN_MAX_FAILURES_PER_HOUR; other addresses are not affected. At the owner's
 *   address the account is then slowed to one try per LOGIN_SLOWDOWN_SECONDS, never closed for the hour;
 * - an account from all addresses: after LOGIN_ACCOUNT_SLOWDOWN_AFTER failures, an address that is not the owner's
 *   may try it once per LOGIN_SLOWDOWN_SECONDS; after LOGIN_MAX_FAILURES_PER_ACCOUNT (at most 100, ASVS 2.2.1) such
 *   addresses wait for the hour to end. The owner's own addresses are never slowed by other people's failures.
 *
 * A wrong current password on change-password, and a wrong second-factor code (TOTP or recovery code, at sign-in or
 * on the account page), go through the same counters. An unknown username is counted
 * exactly like a known one. A refusal is 429 SIGN_IN_THROTTLED with Retry-After (seconds) and is written to
 * security_events.
 */
@Injectable()
export class SignInThrottle implements OnModuleDestroy {
  private limiters?: Record<LimiterName, ClockedRateLimiterPostgres>;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Reserves one attempt's points before its password is checked; throws 429 SIGN_IN_THROTTLED (with Retry-After in
   * seconds) when a limit is reached, having given back every point it took. `username` (the stored one when the
   * account exists) is keyed by accountKey(); `address` is the client address Fastify derived from TRUST_PROXY (request.ip).
   * The caller ends the ticket with `succeeded` or `unchecked` (the points are given back) unless the password was checked and wrong
   * (the points stay: one failure in each counter). `action` is written on the refusal's security event.
   */
  async admit(username: string, address: string | null, action: ThrottledAction = 'sign_in'): Promise<SignInTicket> {
    const user = accountKey(username);
    const where = address ?? 'unknown';
    const ticket: SignInTicket = { user, address: where, ownersAddress: await this.isKnownAddress(user, where), reserved: [] };
    const pairKey = `${ticket.user}|${ticket.address}`;
    try {
      // At the owner's own address, other people's failures from it (any usernames) do not block the account.
      if (!ticket.ownersAddress) await this.reserve(ticket, 'address', ticket.address, 'address');
      const pairFailures = await this.reserve(ticket, 'pair', pairKey, ticket.ownersAddress ? null : 'account_address');
      if (ticket.ownersAddress) {
        // The owner's address is slowed past the pair's limit, never closed for the hour.
        if (pairFailures.consumedPoints > this.config.LOGIN_MAX_FAILURES_PER_HOUR) await this.reserve(ticket, 'slow', pairKey, 'account_address');
        await this.reserve(ticket, 'account', ticket.user, null);
        return ticket;
      }
      const accountFailures = await this.reserve(ticket, 'account', ticket.user, null);
      if (accountFailures.consumedPoints <= this.config.LOGIN_ACCOUNT_SLOWDOWN_AFTER) return ticket;
      // The account is being guessed at: addresses that are not the owner's slow down, and past the maximum close.
      if (accountFailures.consumedPoints > this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT) {
        throw await this.refusal(ticket, 'account', accountFailures.msBeforeNext, action);
      }
      await this.reserve(ticket, 'slow', pairKey, 'account');
      return ticket;
    } catch (err) {
      await this.unchecked(ticket);
      if (err instanceof RateLimiterRes) throw await this.refusal(ticket, this.scopeOf(err), err.msBeforeNext, action);
      throw err;
    }
  }

  /**
   * Counts one sign-in started at the ministry's provider (POST /api/auth/oidc/start, which stores a request for 10
   * minutes before anyone is known) from a client address: past OIDC_STARTS_PER_ADDRESS in 10 minutes, 429
   * SIGN_IN_THROTTLED with Retry-After, written to security_events (`login_throttled`, action `oidc_start`). Kept
   * generous: a provincial office behind one address signs in together at 08:00.
   */
  async admitProviderStart(address: string | null): Promise<void> {
    const where = address ?? 'unknown';
    try {
      await this.limitersOnce().providerStart.consume(where);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw await this.refusal({ user: '', address: where, ownersAddress: false, reserved: [] }, 'address', refusal.msBeforeNext, 'oidc_start');
    }
  }

  /** A successful sign-in: its reserved points are given back and the account's failures from this address forgotten. */
  async succeeded(ticket: SignInTicket): Promise<void> {
    const limits = this.limitersOnce();
    const pairKey = `${ticket.user}|${ticket.address}`;
    await this.unchecked(ticket);
    await Promise.all([limits.pair.delete(pairKey), limits.slow.delete(pairKey)]);
  }

  /**
   * The attempt ended without its password being checked (refused, 503 SERVER_BUSY, an error): every point it
   * reserved is given back, so it costs nothing. Safe to call more than once.
   */
  async unchecked(ticket: SignInTicket): Promise<void> {
    const limits = this.limitersOnce();
    const held = ticket.reserved.splice(0);
    await Promise.all(held.map(({ limiter, key }) => limits[limiter].reward(key, 1)));
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  /**
   * Takes one point of `limiter` for `key` and notes it on the ticket (the library counts it even when over the
   * limit). Over the limit, throws the RateLimiterRes when `scope` names the rule refusing, else answers the count.
   */
  private async reserve(ticket: SignInTicket, limiter: LimiterName, key: string, scope: Scope | null): Promise<RateLimiterRes> {
    const limits = this.limitersOnce();
    let res: RateLimiterRes;
    try {
      res = await limits[limiter].consume(key);
      ticket.reserved.push({ limiter, key });
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      ticket.reserved.push({ limiter, key });
      if (scope) throw Object.assign(refusal, { scope });
      res = refusal;
    }
    return res;
  }

  private scopeOf(res: RateLimiterRes): Scope {
    return (res as RateLimiterRes & { scope?: Scope }).scope ?? 'account';
  }

  private async refusal(ticket: SignInTicket, scope: Scope, msBeforeNext: number, action: ThrottledAction): Promise<Error> {
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    await this.audit.recordSecurityEvent('login_throttled', { username: ticket.user, ip: ticket.address, scope, retryAfter: seconds, action });
    const wait = seconds < 90 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
    return refuse('SIGN_IN_THROTTLED', { params: { wait }, headers: { 'Retry-After': String(seconds) } });
  }

  private async isKnownAddress(user: string, address: string): Promise<boolean> {
    const since = new Date(this.clock.now().getTime() - KNOWN_ADDRESS_DAYS * 86_400_000);
    const [row] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM login_attempts WHERE lower(username) = $1 AND ip = $2 AND succeeded AND at > $3) AS known`,
      [user, address, since],
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
      providerStart: make('oidc_start', this.config.OIDC_STARTS_PER_ADDRESS, PROVIDER_START_WINDOW_SECONDS),
    };
    const account = this.limiters.account;
    this.purgeTimer = setInterval(() => void account.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    return this.limiters;
  }
}
