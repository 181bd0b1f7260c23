import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EnrolmentSignIn, SecondFactorChallenge, SecondFactorEnrolment, SignInAnswer, TokenPair } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ApiError, AppConfig, Clock, errorMessage, fieldError, refuse, validationFailed } from '@tiendo/server-core';
import { dummyPasswordHash, revokeSessions, User, UsersService, verifyPassword } from '@tiendo/server-users';
import { LRUCache } from 'lru-cache';
import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ExternalIdentity, placeIdentity } from './directory/identity-mapping';
import { LdapDirectory } from './directory/ldap-directory';
import { MappingRulesService } from './directory/mapping-rules.service';
import { SecondFactorService } from './second-factor/second-factor.service';
import { Sessions } from './sessions';
import { SignInThrottle, SignInTicket } from './sign-in-throttle';

export const TOKEN_ISSUER = 'tiendo';
export const TOKEN_AUDIENCE = 'tiendo-api';
/** The audience of a sign-in's second-step challenge: never accepted where an access token is expected. */
export const CHALLENGE_AUDIENCE = 'tiendo-sign-in';
/** How long a second-step challenge is valid: the time to open the authenticator app and type a code. */
export const CHALLENGE_TTL_SECONDS = 300;

/** The claims of a second-step challenge (POST /api/auth/login's answer when a second factor is needed). */
/** A challenge's fingerprint (SHA-256 of the token) and the moment it expires, to spend it once. */
interface ChallengeSpend {
  hash: string;
  expiresAt: Date;
}

/** The user a valid challenge names, with what its session keeps (a provider's ID token) and how to spend it. */
type ChallengedUser = Actor & { idToken?: string; spend: ChallengeSpend };

interface ChallengeClaims {
  /** Seconds since the epoch: the challenge's end (CHALLENGE_TTL_SECONDS after it was given). */
  exp?: number;
  sub: string;
  typ: 'second_factor';
  /** What the challenge opens: the code step, or the enrolment a required role must make first. */
  step: 'code' | 'enrol';
  /** A sign-in through the ministry's provider: its ID token, kept with the session the second step opens. */
  idt?: string;
}

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
    private readonly secondFactors: SecondFactorService,
    private readonly directory: LdapDirectory,
    private readonly mappingRules: MappingRulesService,
  ) {
    this.verificationKey = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  /**
   * JWT_SECRET as a key object, made once: given the string, jsonwebtoken first tries to read it as a PEM public key
   * and builds a secret key from it on every request (4% of the API's CPU on the task page; BENCHMARKS.md).
   */
  private readonly verificationKey: KeyObject;
  /**
   * Access tokens already verified (signature, algorithm, issuer, audience, claims' shape), with their claims: a
   * token is a pure function of JWT_SECRET, so the check holds for as long as the token lives; only its expiry is read
   * again on each request, and its session on each request as before (revoking a session ends its token at once).
   * Verifying an HS256 token was a tenth of the API's own CPU on a task list (BENCHMARKS.md). At most 10,000 tokens:
   * a sign-in's token lives ACCESS_TOKEN_TTL_SECONDS (15 minutes by default); an evicted one is verified again.
   */
  private readonly verifiedTokens = new LRUCache<string, AccessClaims & { exp: number }>({ max: 10_000 });

  /**
   * Signs in: 200 with a token pair; or, when the user has a second factor (or their role requires one and they have
   * none), 200 with a SecondFactorChallenge instead of a session (`secondFactor` code or enrol; README "Second
   * factor"). 401 UNAUTHENTICATED for a wrong password, an unknown or inactive user (same answer, same argon2 work);
   * 429 SIGN_IN_THROTTLED with Retry-After when SignInThrottle refuses, counted before the password is checked. `ip`
   * is the client address Fastify derived from TRUST_PROXY (request.ip).
   *
   * The user's sign-in method decides who checks the password: the product (`local`), or, when a directory is
   * configured (LDAP_URL), the directory for a `directory` user and for a username unknown here (see directoryLogin).
   * A user of one method is never signed in by the other: a `directory` user's local password is not accepted.
   */
  async login(username: string, password: string, ip: string | null): Promise<SignInAnswer> {
    // Resolve the account first and count it under its stored username: PostgreSQL's lower() matches spellings
    // (e.g. Turkish 'İ') that JavaScript lowercases differently, and each must meet the same counters.
    const user = await this.users.findForSignIn(username);
    const ticket = await this.throttle.admit(user?.username ?? username, ip);
    const now = this.clock.now();
    if (this.directory.configured && (!user || user.signInMethod === 'directory')) return this.directoryLogin(user, username, password, ip, ticket);
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
    // A user of another method (directory, oidc) never signs in with a local password, whatever it is.
    const succeeded = Boolean(user && user.active && user.signInMethod === 'local' && ok);
    const challenge = succeeded && user ? await this.challengeIfNeeded(user) : null;
    if (challenge) {
      // The password was right; the sign-in is not done. Its points are given back, but the account's failures from
      // this address are kept (a right password must not wipe the count of wrong codes), and the address does not
      // become the owner's (login_attempts) until the second step passes.
      await this.throttle.unchecked(ticket);
      return challenge;
    }
    await this.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, $2, $3, $4)`, [username, succeeded, ip, now]);
    if (!succeeded || !user) {
      await this.audit.recordSecurityEvent('login_failed', { username, ip, ...(user && user.signInMethod !== 'local' ? { method: 'local', reason: 'not_a_local_user' } : {}) });
      throw unauthenticated('Tên đăng nhập hoặc mật khẩu không đúng');
    }
    await this.throttle.succeeded(ticket);
    await this.audit.recordSecurityEvent('login', { actorId: user.id, ip });
    return this.issue(user.id, randomUUID(), now);
  }

  /**
   * The second step of a sign-in: the challenge POST /api/auth/login answered (step code) and the authenticator's
   * 6-digit code (±30 s, each step once) or a recovery code (each once). 200 with a token pair; 401
   * SECOND_FACTOR_CHALLENGE_INVALID when the challenge is expired, forged, of another step, its user inactive, or it
   * opened a session already (a challenge opens one: spent_sign_in_challenges);
   * 400 SECOND_FACTOR_CODE_WRONG (field code), counted by SignInThrottle like a wrong password; 429 SIGN_IN_THROTTLED.
   */
  async signInWithSecondFactor(challenge: string, code: string, ip: string | null): Promise<TokenPair> {
    const user = await this.challenged(challenge, 'code');
    const method = await this.secondFactors.verifySignIn(user, code, ip);
    return this.completeSignIn(user, ip, method);
  }

  /**
   * A required role's enrolment at sign-in (challenge step enrol): starts it and answers the secret and otpauth URI.
   * 401 SECOND_FACTOR_CHALLENGE_INVALID as above, and when the user no longer needs to enrol.
   */
  async startEnrolmentAtSignIn(challenge: string): Promise<SecondFactorEnrolment> {
    const user = await this.challenged(challenge, 'enrol');
    return this.secondFactors.startEnrolment(user);
  }

  /**
   * Confirms the enrolment started at sign-in with a code from the app: 200 with the recovery codes (shown once) and
   * the session. 401 SECOND_FACTOR_CHALLENGE_INVALID; 400 SECOND_FACTOR_CODE_WRONG (counted); 422
   * SECOND_FACTOR_NOT_ENROLLED when the enrolment was not started; 429 SIGN_IN_THROTTLED.
   */
  async confirmEnrolmentAtSignIn(challenge: string, code: string, ip: string | null): Promise<EnrolmentSignIn> {
    const user = await this.challenged(challenge, 'enrol');
    const { recoveryCodes } = await this.secondFactors.confirmEnrolment(user, code, ip);
    return { recoveryCodes, session: await this.completeSignIn(user, ip, 'totp') };
  }

  /**
   * Sign-in through the directory (LdapDirectory) for `user` (a `directory` user, or null: unknown here), under the
   * same throttle ticket as a local sign-in:
   * - a wrong password, an unknown or disabled directory account, a user deactivated here: 401 with the local
   *   sign-in's words (no telling which), counted as a failure;
   * - the directory down, timing out or failing TLS: 503 DIRECTORY_UNAVAILABLE, not counted (nothing was checked);
   * - a right password matching no mapping rule with a unit: 403 DIRECTORY_NO_MAPPING, not counted;
   * - else the user is created or brought up to date (UsersService.syncFromDirectory) and signed in, or answered a
   *   SecondFactorChallenge when their role requires a second factor (the directory checks only the password).
   * Every outcome is a security event (`login` / `login_failed` with `method: 'directory'` and the reason).
   */
  private async directoryLogin(user: User | null, username: string, password: string, ip: string | null, ticket: SignInTicket): Promise<SignInAnswer> {
    const now = this.clock.now();
    const fail = async (reason: string) => {
      await this.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, false, $2, $3)`, [username, ip, now]);
      await this.audit.recordSecurityEvent('login_failed', { username, ip, method: 'directory', reason });
      return unauthenticated('Tên đăng nhập hoặc mật khẩu không đúng');
    };
    let answer;
    try {
      answer = await this.directory.verify(user?.username ?? username, password);
    } catch (err) {
      await this.throttle.unchecked(ticket);
      throw err;
    }
    if (answer.outcome === 'unavailable') {
      await this.throttle.unchecked(ticket);
      await this.audit.recordSecurityEvent('login_failed', { username, ip, method: 'directory', reason: 'directory_unavailable', error: answer.reason });
      throw refuse('DIRECTORY_UNAVAILABLE');
    }
    if (answer.outcome === 'refused') throw await fail(answer.reason);
    const placement = placeIdentity(answer.identity, await this.mappingRules.placementRules());
    if (!placement) {
      await this.throttle.unchecked(ticket);
      await this.audit.recordSecurityEvent('login_failed', { username, ip, method: 'directory', reason: 'no_mapping', groups: answer.identity.groups });
      throw refuse('DIRECTORY_NO_MAPPING');
    }
    const synced = await this.users.syncFromDirectory({
      username: user?.username ?? username,
      fullName: answer.identity.name,
      email: answer.identity.email,
      unitId: placement.unitId,
      role: placement.role,
    });
    if (!synced) throw await fail('not_a_directory_user');
    if (!synced.active) throw await fail('inactive');
    // A second factor where the role requires one: the directory asked only for the password.
    const challenge = await this.challengeIfNeeded({ id: synced.id, role: placement.role });
    if (challenge) {
      await this.throttle.unchecked(ticket);
      return challenge;
    }
    await this.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, true, $2, $3)`, [username, ip, now]);
    await this.throttle.succeeded(ticket);
    await this.audit.recordSecurityEvent('login', { actorId: synced.id, ip, method: 'directory', dn: answer.dn });
    return this.issue(synced.id, randomUUID(), now);
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
    const now = Math.floor(this.clock.now().getTime() / 1000);
    let claims = this.verifiedTokens.get(token);
    if (claims) {
      // Expired since it was verified: refused as jsonwebtoken refuses it (expired when now >= exp).
      if (now >= claims.exp) return null;
    } else {
      try {
        claims = await this.jwt.verifyAsync<AccessClaims & { exp: number }>(token, {
          algorithms: ['HS256'],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          // jsonwebtoken takes a KeyObject; @nestjs/jwt's option type names only string | Buffer.
          secret: this.verificationKey as unknown as Buffer,
          clockTimestamp: now,
        });
      } catch {
        return null;
      }
      // Claims reach SQL only as well-formed ids, so that no token can turn into a 500.
      if (claims.typ !== 'access' || !isUuid(claims.sub) || !isUuid(claims.sid) || typeof claims.exp !== 'number') return null;
      this.verifiedTokens.set(token, claims);
    }
    return this.sessions.liveActor(claims.sid, claims.sub);
  }

  /**
   * The hook every first factor calls (the password here; the directory's OpenID Connect sign-in with its provider's
   * `amr` claim): null when no second factor is needed (SecondFactorService.needsSecondFactor), else the challenge to
   * answer instead of a session, for the code step (POST /api/auth/sign-in/second-factor) or a required enrolment.
   */
  async challengeIfNeeded(user: Pick<Actor, 'id' | 'role'>, context: { providerAmr?: readonly string[]; idToken?: string } = {}): Promise<SecondFactorChallenge | null> {
    const need = await this.secondFactors.needsSecondFactor(user, context);
    return need === 'none' ? null : this.challenge(user.id, need, context.idToken);
  }

  /** A second-step challenge for `userId`, signed with JWT_SECRET, valid CHALLENGE_TTL_SECONDS. */
  private async challenge(userId: string, step: 'code' | 'enrol', idToken?: string): Promise<SecondFactorChallenge> {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const challenge = await this.jwt.signAsync(
      // jti: two challenges given in the same second are two challenges (each spent on its own).
      { sub: userId, typ: 'second_factor', step, iat, jti: randomUUID(), ...(idToken ? { idt: idToken } : {}) } satisfies ChallengeClaims & { iat: number; jti: string },
      { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: CHALLENGE_AUDIENCE, secret: this.config.JWT_SECRET, expiresIn: CHALLENGE_TTL_SECONDS },
    );
    return { secondFactor: step, challenge, expiresIn: CHALLENGE_TTL_SECONDS };
  }

  /**
   * The user a challenge of `step` was given to, if it is valid now (signature, issuer, audience, expiry in the
   * injected clock's time), its user is active, and they still need that step; else 401 SECOND_FACTOR_CHALLENGE_INVALID.
   */
  private async challenged(challenge: string, step: 'code' | 'enrol'): Promise<ChallengedUser> {
    let claims: ChallengeClaims;
    try {
      claims = await this.jwt.verifyAsync<ChallengeClaims>(challenge, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: CHALLENGE_AUDIENCE,
        secret: this.verificationKey as unknown as Buffer,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      throw refuse('SECOND_FACTOR_CHALLENGE_INVALID');
    }
    if (claims.typ !== 'second_factor' || claims.step !== step || !isUuid(claims.sub) || typeof claims.exp !== 'number') throw refuse('SECOND_FACTOR_CHALLENGE_INVALID');
    const user = await this.users.loadActor(claims.sub);
    if (!user || (await this.secondFactors.needsSecondFactor(user)) !== step) throw refuse('SECOND_FACTOR_CHALLENGE_INVALID');
    const spend = { hash: sha256(challenge), expiresAt: new Date(claims.exp * 1000) };
    // Spent already: refused before any code is checked, so that a replayed challenge costs no recovery code.
    const [spent] = await this.db.query(`SELECT 1 FROM spent_sign_in_challenges WHERE challenge_hash = $1`, [spend.hash]);
    if (spent) throw refuse('SECOND_FACTOR_CHALLENGE_INVALID');
    return typeof claims.idt === 'string' ? { ...user, idToken: claims.idt, spend } : { ...user, spend };
  }

  /**
   * Spends a challenge as its session opens: a challenge opens one session, never two (a second valid code, TOTP or
   * recovery, within its 5 minutes is refused 401 SECOND_FACTOR_CHALLENGE_INVALID). Atomic: of two parallel second
   * steps with one challenge, one opens a session. Expired spent challenges are deleted here, as nothing else reads them.
   */
  private async spendChallenge(user: Actor, spend: ChallengeSpend, now: Date): Promise<void> {
    await this.db.query(`DELETE FROM spent_sign_in_challenges WHERE expires_at < $1`, [now]);
    const spent: unknown[] = await this.db.query(
      `INSERT INTO spent_sign_in_challenges (challenge_hash, user_id, spent_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (challenge_hash) DO NOTHING RETURNING challenge_hash`,
      [spend.hash, user.id, now, spend.expiresAt],
    );
    if (!spent.length) throw refuse('SECOND_FACTOR_CHALLENGE_INVALID');
  }

  /**
   * The end of a sign-in whose second step passed: its challenge is spent (once), the address becomes the owner's, the
   * sign-in is recorded, a session opens.
   */
  private async completeSignIn(user: ChallengedUser, ip: string | null, method: 'totp' | 'recovery_code'): Promise<TokenPair> {
    const now = this.clock.now();
    await this.spendChallenge(user, user.spend, now);
    await this.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, true, $2, $3)`, [user.username, ip, now]);
    await this.audit.recordSecurityEvent('login', { actorId: user.id, ip, secondFactor: method, ...(user.idToken ? { method: 'oidc' } : {}) });
    const sessionId = randomUUID();
    const pair = await this.issue(user.id, sessionId, now);
    if (user.idToken) await this.db.query(`UPDATE sessions SET oidc_id_token = $2 WHERE id = $1`, [sessionId, user.idToken]);
    return pair;
  }

  /**
   * Signs in a person the ministry's OpenID Connect provider vouched for (OidcSignIn.redeem): the directory's mapping
   * rules place `identity` (403 DIRECTORY_NO_MAPPING when no rule gives a unit), the user is created or brought up to
   * date with sign-in method `oidc` (UsersService.syncFromDirectory; 403 OIDC_ACCOUNT_NOT_ALLOWED when the username
   * belongs to a user of another method or one deactivated here), then either a session (its ID token kept for the
   * provider's logout) or, when the role requires a second factor and the provider's `amr` does not show one, the
   * second step's challenge. Every outcome is a security event with `method: 'oidc'`.
   */
  async signInWithProvider(signIn: { identity: ExternalIdentity; idToken: string; amr: string[] }, ip: string | null): Promise<SignInAnswer> {
    const { identity } = signIn;
    const placement = placeIdentity(identity, await this.mappingRules.placementRules());
    if (!placement) {
      await this.audit.recordSecurityEvent('login_failed', { username: identity.username, ip, method: 'oidc', reason: 'no_mapping', groups: identity.groups });
      throw refuse('DIRECTORY_NO_MAPPING');
    }
    const synced = await this.users.syncFromDirectory({
      username: identity.username,
      fullName: identity.name,
      email: identity.email,
      unitId: placement.unitId,
      role: placement.role,
      method: 'oidc',
    });
    if (!synced || !synced.active) {
      const reason = synced ? 'inactive' : 'not_an_oidc_user';
      await this.audit.recordSecurityEvent('login_failed', { username: identity.username, ip, method: 'oidc', reason });
      throw refuse('OIDC_ACCOUNT_NOT_ALLOWED', {
        params: { username: identity.username, reason: synced ? 'tài khoản đã bị khoá trong hệ thống' : 'tài khoản này đăng nhập bằng cách khác; hãy báo quản trị hệ thống' },
      });
    }
    const challenge = await this.challengeIfNeeded({ id: synced.id, role: placement.role }, { providerAmr: signIn.amr, idToken: signIn.idToken });
    if (challenge) return challenge;
    return this.openProviderSession(synced.id, 'oidc', signIn.idToken, ip);
  }

  /**
   * Opens a session for `userId`, who was just proven by an outside provider (OpenID Connect: OidcSignIn), and
   * answers its token pair; `idToken` is kept with the session for the provider's logout. Recorded as the security
   * event `login` with `method`. 401 when the user is inactive.
   */
  async openProviderSession(userId: string, method: 'oidc', idToken: string | null, ip: string | null): Promise<TokenPair> {
    const sessionId = randomUUID();
    return this.db.transaction(async (manager) => {
      const pair = await this.issue(userId, sessionId, this.clock.now(), manager);
      if (idToken) await manager.query(`UPDATE sessions SET oidc_id_token = $2 WHERE id = $1`, [sessionId, idToken]);
      await this.audit.recordSecurityEvent('login', { actorId: userId, ip, method }, manager);
      return pair;
    });
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
