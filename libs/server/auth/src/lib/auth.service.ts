import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TokenPair } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ApiError, AppConfig, Clock, errorMessage, fieldError, validationFailed } from '@tiendo/server-core';
import { dummyPasswordHash, revokeSessions, UsersService, verifyPassword } from '@tiendo/server-users';
import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Sessions } from './sessions';
import { SignInThrottle } from './sign-in-throttle';

export const TOKEN_ISSUER = 'tiendo';
export const TOKEN_AUDIENCE = 'tiendo-api';

export interface AccessClaims {
  sub: string;
  typ: 'access';
  /** The session (sessions.id): checked on every request, so revoking it ends the token at once. */
  sid: string;
}

const unauthenticated = (message = errorMessage('UNAUTHENTICATED')) => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * Sessions: a short access JWT naming its session (`sid`), and an opaque refresh token stored hashed and rotated on
 * every use. Every request checks that the session is live (Sessions.liveActor), so ending a session ends its access
 * tokens at once. A refresh token used twice means it was stolen: its session is revoked. A session ends after
 * SESSION_IDLE_MINUTES without a refresh, and after SESSION_MAX_HOURS whatever happens.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottle,
    private readonly sessions: Sessions,
  ) {
    this.verificationKey = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  /**
   * JWT_SECRET as a key object, made once: given the string, jsonwebtoken first tries to read it as a PEM public key
   * and builds a secret key from it on every request (4% of the API's CPU on the task page; BENCHMARKS.md).
   */
  private readonly verificationKey: KeyObject;

  /**
   * Signs in: 200 with a token pair; 401 UNAUTHENTICATED for a wrong password, an unknown or inactive user (same
   * answer, same argon2 work); 429 SIGN_IN_THROTTLED with Retry-After when SignInThrottle refuses, counted before the
   * password is checked. `ip` is the client address Fastify derived from TRUST_PROXY (request.ip).
   */
  async login(username: string, password: string, ip: string | null): Promise<TokenPair> {
    // Resolve the account first and count it under its stored username: PostgreSQL's lower() matches spellings
    // (e.g. Turkish 'İ') that JavaScript lowercases differently, and each must meet the same counters.
    const user = await this.users.findForSignIn(username);
    const ticket = await this.throttle.admit(user?.username ?? username, ip);
    const now = this.clock.now();
    let ok: boolean;
    try {
      // Verify even for an unknown user, against a hash of the same cost, so neither the answer nor its timing tells
      // which usernames exist.
      ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    } catch (err) {
      // Not checked (503 SERVER_BUSY when too many checks wait, or an error): the attempt costs nothing.
      await this.throttle.unchecked(ticket);
      throw err;
    }
    const succeeded = Boolean(user && user.active && ok);
    await this.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, $2, $3, $4)`, [username, succeeded, ip, now]);
    if (!succeeded || !user) {
      await this.audit.recordSecurityEvent('login_failed', { username, ip });
      throw unauthenticated('Tên đăng nhập hoặc mật khẩu không đúng');
    }
    await this.throttle.succeeded(ticket);
    await this.audit.recordSecurityEvent('login', { actorId: user.id, ip });
    return this.issue(user.id, randomUUID(), now);
  }

  /**
   * Exchanges a refresh token for a new pair (the old one is spent). 401 when it is unknown, spent, expired, or its
   * session ended; a spent token presented again revokes its session, ending the session's access tokens and streams.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    // The transaction answers null rather than throwing, so that a reuse's revocation is committed.
    const pair = await this.db.transaction(async (manager): Promise<TokenPair | null> => {
      const [row] = await manager.query(
        `SELECT t.id, t.user_id, t.family_id, t.session_started_at, t.expires_at, t.used_at, s.revoked_at
           FROM refresh_tokens t JOIN sessions s ON s.id = t.family_id WHERE t.token_hash = $1 FOR UPDATE OF t, s`,
        [sha256(refreshToken)],
      );
      if (!row || row.revoked_at) return null;
      if (row.used_at) {
        await revokeSessions(manager, { sessionId: row.family_id }, 'refresh_token_reused', now);
        await this.audit.recordSecurityEvent('refresh_token_reused', { actorId: row.user_id, family: row.family_id }, manager);
        return null;
      }
      if (new Date(row.expires_at) <= now) return null;
      if (new Date(row.session_started_at).getTime() + this.config.SESSION_MAX_HOURS * 3_600_000 <= now.getTime()) return null;
      await manager.query(`UPDATE refresh_tokens SET used_at = $2 WHERE id = $1`, [row.id, now]);
      return this.issue(row.user_id, row.family_id, new Date(row.session_started_at), manager);
    });
    if (!pair) throw unauthenticated();
    return pair;
  }

  /**
   * Signs out: the refresh token's session ends, and with it every access token and stream of that session (the
   * user's other sessions go on). Recorded as a security event with the client address `ip`. Answers the same for
   * an unknown or already ended token.
   */
  async logout(refreshToken: string, ip: string | null = null): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [row] = await manager.query(`SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = $1`, [sha256(refreshToken)]);
      if (!row) return;
      const ended = await revokeSessions(manager, { sessionId: row.family_id }, 'sign_out', this.clock.now());
      if (ended.length) await this.audit.recordSecurityEvent('logout', { actorId: row.user_id, ip, session: row.family_id }, manager);
    });
  }

  /**
   * Changes the actor's password and ends all their sessions. The current password is checked through the sign-in
   * counters (SignInThrottle, for the actor's username and the client address `ip`), so a stolen token cannot be used
   * to guess it: 429 SIGN_IN_THROTTLED with Retry-After when refused; a wrong one is 400 VALIDATION_FAILED
   * (field currentPassword, rule CURRENT_PASSWORD_WRONG), counted as a failure and recorded as the security event
   * `password_change_failed`; 400 with the policy's rule for an unacceptable new password; 503 SERVER_BUSY when too
   * many password checks wait.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, ip: string | null = null): Promise<void> {
    const user = await this.users.findWithHash(actor.id);
    if (!user) throw unauthenticated();
    const ticket = await this.throttle.admit(user.username, ip, 'change_password');
    let ok: boolean;
    try {
      ok = await verifyPassword(user.passwordHash, currentPassword);
    } catch (err) {
      await this.throttle.unchecked(ticket);
      throw err;
    }
    if (!ok) {
      await this.audit.recordSecurityEvent('password_change_failed', { actorId: actor.id, ip, username: user.username });
      throw validationFailed([fieldError('currentPassword', 'CURRENT_PASSWORD_WRONG')]);
    }
    await this.throttle.succeeded(ticket);
    await this.users.requirePasswordFor(user, newPassword, 'newPassword');
    await this.db.transaction(async (manager) => {
      await this.users.setPassword(actor.id, newPassword, manager);
      // Every session of the user ends, this one included: whoever knew the old password is out at once.
      await revokeSessions(manager, { userId: actor.id }, 'password_changed', this.clock.now());
      await this.audit.recordSecurityEvent('password_changed', { actorId: actor.id }, manager);
    });
  }

  /**
   * The actor a bearer token stands for, or null when it is not a valid access token (signature, algorithm, issuer,
   * audience, type, expiry) or its session is not live (revoked, expired, user inactive): one indexed lookup.
   */
  async authenticate(token: string): Promise<Actor | null> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        // jsonwebtoken takes a KeyObject; @nestjs/jwt's option type names only string | Buffer.
        secret: this.verificationKey as unknown as Buffer,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      return null;
    }
    // Claims reach SQL only as well-formed ids, so that no token can turn into a 500.
    if (claims.typ !== 'access' || !isUuid(claims.sub) || !isUuid(claims.sid)) return null;
    return this.sessions.liveActor(claims.sid, claims.sub);
  }

  /**
   * Opens the session `sessionId` (sign-in) or extends it (refresh), then a new token pair for it. 401 when the
   * user is inactive or the session ended meanwhile (a concurrent deactivation or password change).
   */
  private async issue(userId: string, sessionId: string, sessionStartedAt: Date, manager = this.db.manager): Promise<TokenPair> {
    const now = this.clock.now();
    const expiresAt = this.sessions.expiry(sessionStartedAt, now);
    if (!(await this.sessions.openOrExtend(sessionId, userId, sessionStartedAt, expiresAt, manager))) throw unauthenticated();
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, session_started_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [userId, sessionId, sha256(refreshToken), sessionStartedAt, expiresAt],
    );
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = await this.jwt.signAsync(
      { sub: userId, typ: 'access', sid: sessionId, iat } satisfies AccessClaims & { iat: number },
      {
        algorithm: 'HS256',
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        secret: this.config.JWT_SECRET,
        expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      },
    );
    return { accessToken, refreshToken, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }
}
