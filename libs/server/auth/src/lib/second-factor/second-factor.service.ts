import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RecoveryCodes, Role, SecondFactorEnrolment, SecondFactorReset, SecondFactorStatus } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, AppConfig, Clock, refuse, secondFactorRoles } from '@tiendo/server-core';
import { revokeSessions } from '@tiendo/server-users';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SignInThrottle, ThrottledAction } from '../sign-in-throttle';
import { looksLikeRecoveryCode, newRecoveryCode, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';
import { SecondFactorNeed, secondFactorNeed } from './second-factor-policy';
import { newTotpSecret, totpStepOf, totpUri } from './totp';
import { TotpKeys } from './totp-keys';

/** The name authenticator apps show beside the account. */
export const TOTP_ISSUER = 'Tiến Độ';

/** The user a second-factor operation is about: who (id, username for the counters and the app) and their role. */
export type SecondFactorUser = Pick<Actor, 'id' | 'username' | 'role'>;

/** How a code was accepted. */
export type SecondFactorMethod = 'totp' | 'recovery_code';

interface SecondFactorRow {
  secret: string;
  enrolled_at: Date | null;
  last_time_step: string | null;
}

const codeWrong = () => refuse('SECOND_FACTOR_CODE_WRONG', { field: 'code' });

/**
 * The second factor (TOTP, RFC 6238, with recovery codes): enrolment, the check of a code, recovery codes, turning
 * off, an admin's reset. The only writer of `second_factors` and `recovery_codes`. Secrets are stored encrypted
 * (TotpKeys); every code check goes through the sign-in counters (SignInThrottle), so a wrong code costs what a wrong
 * password costs; a code is accepted once (the step of the last accepted code is kept); a recovery code once.
 */
@Injectable()
export class SecondFactorService {
  private readonly keys: TotpKeys;
  private readonly requiredRoles: readonly Role[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottle,
  ) {
    this.keys = TotpKeys.fromConfig(config);
    this.requiredRoles = secondFactorRoles(config.MFA_REQUIRED_ROLES);
  }

  /**
   * What a sign-in of `user` still needs after its first factor (secondFactorNeed): the hook every way of signing in
   * calls. `providerAmr` is the OpenID Connect provider's `amr` claim for a directory sign-in (absent for a password).
   */
  async needsSecondFactor(user: Pick<Actor, 'id' | 'role'>, context: { providerAmr?: readonly string[] } = {}): Promise<SecondFactorNeed> {
    const row = await this.row(user.id);
    return secondFactorNeed({ role: user.role, enrolled: Boolean(row?.enrolled_at) }, this.requiredRoles, context);
  }

  /** Whether `role` must have a second factor (MFA_REQUIRED_ROLES). */
  requiredFor(role: Role): boolean {
    return this.requiredRoles.includes(role);
  }

  /** The user's second factor, for their account page. */
  async status(user: Pick<Actor, 'id' | 'role'>): Promise<SecondFactorStatus> {
    const row = await this.row(user.id);
    const [{ left }] = await this.db.query(`SELECT count(*)::int AS left FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [user.id]);
    return {
      enrolled: Boolean(row?.enrolled_at),
      enrolledAt: row?.enrolled_at ? new Date(row.enrolled_at).toISOString() : null,
      required: this.requiredFor(user.role),
      recoveryCodesLeft: row?.enrolled_at ? left : 0,
    };
  }

  /**
   * Starts (or starts again) an enrolment: a new random secret (160 bits), stored encrypted and not yet enrolled, and
   * what the authenticator app needs. 422 SECOND_FACTOR_ALREADY_ENROLLED when one is enrolled (turn it off first).
   */
  async startEnrolment(user: SecondFactorUser): Promise<SecondFactorEnrolment> {
    const secret = newTotpSecret();
    const sealed = this.keys.seal(secret, user.id);
    const rows = await this.db.query(
      `INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, last_time_step = NULL
        WHERE second_factors.enrolled_at IS NULL
       RETURNING user_id`,
      [user.id, sealed, this.clock.now()],
    );
    if (rows.length === 0) throw refuse('SECOND_FACTOR_ALREADY_ENROLLED');
    return { secret, otpauthUri: totpUri(TOTP_ISSUER, user.username, secret) };
  }

  /**
   * Confirms the started enrolment with a code from the app: the user is enrolled and gets ten recovery codes, shown
   * this once. 422 SECOND_FACTOR_NOT_ENROLLED when no enrolment was started, SECOND_FACTOR_ALREADY_ENROLLED when it is
   * confirmed already; 400 SECOND_FACTOR_CODE_WRONG (field code; counted by the throttle); 429 SIGN_IN_THROTTLED.
   */
  async confirmEnrolment(user: SecondFactorUser, code: string, ip: string | null): Promise<RecoveryCodes> {
    const row = await this.row(user.id);
    if (!row) throw refuse('SECOND_FACTOR_NOT_ENROLLED');
    if (row.enrolled_at) throw refuse('SECOND_FACTOR_ALREADY_ENROLLED');
    await this.checkCode(user, code, ip, { recovery: false, pending: true });
    return this.db.transaction(async (manager) => {
      const done = await manager.query(`UPDATE second_factors SET enrolled_at = $2 WHERE user_id = $1 AND enrolled_at IS NULL RETURNING user_id`, [user.id, this.clock.now()]);
      if (done[1] === 0) throw refuse('SECOND_FACTOR_ALREADY_ENROLLED');
      const codes = await this.replaceRecoveryCodes(user.id, manager);
      await this.audit.recordSecurityEvent('second_factor_enrolled', { actorId: user.id, ip }, manager);
      return { recoveryCodes: codes };
    });
  }

  /**
   * Checks a sign-in's second step for `user`: the authenticator's code of now (±1 step), not used before, or an
   * unused recovery code (spent now). Through the sign-in counters for the user's account and the address `ip`.
   * Answers how it was accepted; 400 SECOND_FACTOR_CODE_WRONG (field code) otherwise, recorded
   * `second_factor_failed`; 429 SIGN_IN_THROTTLED; 422 SECOND_FACTOR_NOT_ENROLLED when no authenticator is enrolled.
   */
  async verifySignIn(user: SecondFactorUser, code: string, ip: string | null): Promise<SecondFactorMethod> {
    const row = await this.row(user.id);
    if (!row?.enrolled_at) throw refuse('SECOND_FACTOR_NOT_ENROLLED');
    const method = await this.checkCode(user, code, ip, { recovery: true, pending: false });
    await this.audit.recordSecurityEvent('second_factor_passed', { actorId: user.id, ip, method });
    return method;
  }

  /**
   * New recovery codes (the old ones stop working), with a code from the authenticator (not a recovery code). 422
   * SECOND_FACTOR_NOT_ENROLLED; 400 SECOND_FACTOR_CODE_WRONG (counted); 429 SIGN_IN_THROTTLED.
   */
  async regenerateRecoveryCodes(user: SecondFactorUser, code: string, ip: string | null): Promise<RecoveryCodes> {
    const row = await this.row(user.id);
    if (!row?.enrolled_at) throw refuse('SECOND_FACTOR_NOT_ENROLLED');
    await this.checkCode(user, code, ip, { recovery: false, pending: false });
    return this.db.transaction(async (manager) => {
      const codes = await this.replaceRecoveryCodes(user.id, manager);
      await this.audit.recordSecurityEvent('recovery_codes_regenerated', { actorId: user.id, ip }, manager);
      return { recoveryCodes: codes };
    });
  }

  /**
   * Turns the second factor off, with a code (or a recovery code): only when the user's role does not require one,
   * else 422 SECOND_FACTOR_REQUIRED (checked first: nothing counted). 422 SECOND_FACTOR_NOT_ENROLLED; 400
   * SECOND_FACTOR_CODE_WRONG (counted); 429 SIGN_IN_THROTTLED.
   */
  async disable(user: SecondFactorUser, code: string, ip: string | null): Promise<void> {
    if (this.requiredFor(user.role)) throw refuse('SECOND_FACTOR_REQUIRED');
    const row = await this.row(user.id);
    if (!row?.enrolled_at) throw refuse('SECOND_FACTOR_NOT_ENROLLED');
    await this.checkCode(user, code, ip, { recovery: true, pending: false });
    await this.db.transaction(async (manager) => {
      await this.remove(user.id, manager);
      await this.audit.recordSecurityEvent('second_factor_disabled', { actorId: user.id, ip }, manager);
    });
  }

  /**
   * An admin resets `userId`'s second factor (a lost phone): the authenticator and recovery codes are deleted and the
   * user's sessions end; at their next sign-in they enrol again when their role requires it. Recorded
   * `second_factor_reset` even when there was nothing to reset (the answer says which). The caller checked the
   * admin role and that the user exists.
   */
  async reset(userId: string, actor: Actor): Promise<SecondFactorReset> {
    return this.db.transaction(async (manager) => {
      const removed = await this.remove(userId, manager);
      if (removed) await revokeSessions(manager, { userId }, 'user_changed', this.clock.now());
      await this.audit.recordSecurityEvent('second_factor_reset', { actorId: actor.id, userId, hadSecondFactor: removed }, manager);
      return { reset: removed };
    });
  }

  /**
   * The throttled check of one code for `user`. `recovery`: a recovery code is accepted too (and spent). `pending`:
   * checked against the enrolment not yet confirmed. A wrong code keeps its points in the counters and is recorded
   * `second_factor_failed`; a right one gives them back and forgets the account's failures from this address.
   */
  private async checkCode(user: SecondFactorUser, code: string, ip: string | null, options: { recovery: boolean; pending: boolean }): Promise<SecondFactorMethod> {
    const action: ThrottledAction = 'second_factor';
    const ticket = await this.throttle.admit(user.username, ip, action);
    let method: SecondFactorMethod | null;
    try {
      method = /^\d{6}$/.test(code.trim())
        ? (await this.acceptTotp(user.id, code.trim(), options.pending)) ? 'totp' : null
        : options.recovery && looksLikeRecoveryCode(code) && (await this.spendRecoveryCode(user.id, code)) ? 'recovery_code' : null;
    } catch (err) {
      await this.throttle.unchecked(ticket);
      throw err;
    }
    if (!method) {
      await this.audit.recordSecurityEvent('second_factor_failed', { actorId: user.id, ip, username: user.username });
      throw codeWrong();
    }
    await this.throttle.succeeded(ticket);
    return method;
  }

  /**
   * Whether `code` is the authenticator's code of now (±1 step) and of a later step than the last accepted one; the
   * step is then taken, atomically, so that two requests with the same code cannot both pass.
   */
  private async acceptTotp(userId: string, code: string, pending: boolean): Promise<boolean> {
    const row = await this.row(userId);
    if (!row || Boolean(row.enrolled_at) === pending) return false;
    const secret = this.keys.open(row.secret, userId);
    const step = await totpStepOf(secret, code, Math.floor(this.clock.now().getTime() / 1000), row.last_time_step === null ? null : Number(row.last_time_step));
    if (step === null) return false;
    const taken = await this.db.query(
      `UPDATE second_factors SET last_time_step = $2 WHERE user_id = $1 AND (last_time_step IS NULL OR last_time_step < $2) RETURNING user_id`,
      [userId, step],
    );
    return taken[1] === 1;
  }

  /** Spends an unused recovery code of the user, atomically; false when there is none such. */
  private async spendRecoveryCode(userId: string, typed: string): Promise<boolean> {
    const hash = this.keys.recoveryCodeHash(userId, normaliseRecoveryCode(typed));
    return this.db.transaction(async (manager) => {
      const spent = await manager.query(
        `UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
        [userId, hash, this.clock.now()],
      );
      if (spent[1] !== 1) return false;
      const [{ remaining }] = await manager.query(`SELECT count(*)::int AS remaining FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      await this.audit.recordSecurityEvent('recovery_code_used', { actorId: userId, remaining }, manager);
      return true;
    });
  }

  /** Ten new recovery codes for the user, stored hashed; the old ones deleted. Answers them in clear, this once. */
  private async replaceRecoveryCodes(userId: string, manager: EntityManager): Promise<string[]> {
    await manager.query(`DELETE FROM recovery_codes WHERE user_id = $1`, [userId]);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const now = this.clock.now();
    for (const code of codes) {
      await manager.query(`INSERT INTO recovery_codes (id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        userId,
        this.keys.recoveryCodeHash(userId, normaliseRecoveryCode(code)),
        now,
      ]);
    }
    return codes;
  }

  /** Deletes the user's authenticator and recovery codes; whether there was an authenticator. */
  private async remove(userId: string, manager: EntityManager): Promise<boolean> {
    await manager.query(`DELETE FROM recovery_codes WHERE user_id = $1`, [userId]);
    const removed = await manager.query(`DELETE FROM second_factors WHERE user_id = $1 RETURNING user_id`, [userId]);
    return removed[1] > 0;
  }

  private async row(userId: string): Promise<SecondFactorRow | null> {
    const [row] = await this.db.query(`SELECT secret, enrolled_at, last_time_step FROM second_factors WHERE user_id = $1`, [userId]);
    return row ?? null;
  }
}
