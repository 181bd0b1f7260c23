import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TokenPair } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ApiError, AppConfig, Clock, validationFailed } from '@tiendo/server-core';
import { passwordProblem, UsersService, verifyPassword } from '@tiendo/server-users';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export const TOKEN_ISSUER = 'tiendo';
export const TOKEN_AUDIENCE = 'tiendo-api';

export interface AccessClaims {
  sub: string;
  typ: 'access';
}

const unauthenticated = (message = 'Sign in again') => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Sessions: a short access JWT, and an opaque refresh token stored hashed and rotated on every use. A refresh token
 * used twice means it was stolen: the whole family is revoked. A session ends after SESSION_IDLE_MINUTES without a
 * refresh, and after SESSION_MAX_HOURS whatever happens.
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
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<TokenPair> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - 3_600_000);
    const [{ failures, oldest }] = await this.db.query(
      `SELECT count(*)::int AS failures, min(at) AS oldest FROM login_attempts
        WHERE lower(username) = lower($1) AND NOT succeeded AND at > $2`,
      [username, windowStart],
    );
    if (failures >= this.config.LOGIN_MAX_FAILURES_PER_HOUR) {
      const retryAfter = Math.max(1, Math.ceil((new Date(oldest).getTime() + 3_600_000 - now.getTime()) / 1000));
      await this.audit.recordSecurityEvent('login_throttled', { username, ip });
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_REQUESTS', 'Too many failed sign-ins; try again later', undefined, {
        'Retry-After': String(retryAfter),
      });
    }
    const user = await this.users.findForSignIn(username);
    // Verify even for an unknown user, so the answer's timing does not tell which usernames exist.
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    const succeeded = Boolean(user && user.active && ok);
    await this.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, $2, $3, $4)`, [username, succeeded, ip, now]);
    if (!succeeded || !user) {
      await this.audit.recordSecurityEvent('login_failed', { username, ip });
      throw unauthenticated('Tên đăng nhập hoặc mật khẩu không đúng (wrong username or password)');
    }
    await this.audit.recordSecurityEvent('login', { actorId: user.id, ip });
    return this.issue(user.id, randomUUID(), now);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    // The transaction answers null rather than throwing, so that a reuse's revocation is committed.
    const pair = await this.db.transaction(async (manager): Promise<TokenPair | null> => {
      const [row] = await manager.query(
        `SELECT t.id, t.user_id, t.family_id, t.session_started_at, t.expires_at, t.used_at, t.revoked_at, u.active
           FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [sha256(refreshToken)],
      );
      if (!row || row.revoked_at) return null;
      if (row.used_at) {
        await manager.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [row.family_id, now]);
        await this.audit.recordSecurityEvent('refresh_token_reused', { actorId: row.user_id, family: row.family_id }, manager);
        return null;
      }
      if (!row.active || new Date(row.expires_at) <= now) return null;
      if (new Date(row.session_started_at).getTime() + this.config.SESSION_MAX_HOURS * 3_600_000 <= now.getTime()) return null;
      await manager.query(`UPDATE refresh_tokens SET used_at = $2 WHERE id = $1`, [row.id, now]);
      return this.issue(row.user_id, row.family_id, new Date(row.session_started_at), manager);
    });
    if (!pair) throw unauthenticated();
    return pair;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.db.query(
      `UPDATE refresh_tokens SET revoked_at = $2
        WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL`,
      [sha256(refreshToken), this.clock.now()],
    );
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findWithHash(actor.id);
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
      throw validationFailed([{ field: 'currentPassword', message: 'current password is wrong' }]);
    }
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw validationFailed([{ field: 'newPassword', message: `password ${problem}` }]);
    await this.db.transaction(async (manager) => {
      await this.users.setPassword(actor.id, newPassword, manager);
      await manager.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [actor.id, this.clock.now()]);
      await this.audit.recordSecurityEvent('password_changed', { actorId: actor.id }, manager);
    });
  }

  /** The actor a bearer token stands for, or null when it is not a valid access token of an active user. */
  async authenticate(token: string): Promise<Actor | null> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        secret: this.config.JWT_SECRET,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      return null;
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return null;
    return this.users.loadActor(claims.sub);
  }

  private async issue(userId: string, familyId: string, sessionStartedAt: Date, manager = this.db.manager): Promise<TokenPair> {
    const now = this.clock.now();
    const sessionEnd = sessionStartedAt.getTime() + this.config.SESSION_MAX_HOURS * 3_600_000;
    const idleEnd = now.getTime() + this.config.SESSION_IDLE_MINUTES * 60_000;
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, session_started_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [userId, familyId, sha256(refreshToken), sessionStartedAt, new Date(Math.min(sessionEnd, idleEnd))],
    );
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = await this.jwt.signAsync(
      { sub: userId, typ: 'access', iat } satisfies AccessClaims & { iat: number },
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

// argon2id hash of a random string: verified against when the username is unknown.
const DUMMY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$4lIPZiuKIcq3E0fONoU3eg$EY1fDGwxFbEd2PMcTrgcszZx7Q/JjdfcxQQmENBcobk';
