import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, UserView } from '@tiendo/contracts';
import { AuditService, maskEmail } from '@tiendo/server-audit';
import { Actor, AppConfig, notFound, outOfScope, refuse, SEARCH_KEY_SQL, searchMatchSql, seesAllUnits, seesUnit, SqlParams } from '@tiendo/server-core';
import { UnitsService } from '@tiendo/server-units';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { closePasswordChecks, dummyPasswordHash, hashPassword, passwordProblem, requireAcceptablePassword, setPasswordHashConcurrency } from './password-policy';
import { User } from './user.entity';
import { revokeSessions } from './user-sessions';

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  email: string | null;
  role: User['role'];
  active: boolean;
  unit_code: string;
  unit_name: string;
  unit_path: string;
  sign_in_method: User['signInMethod'];
}

const toView = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  email: r.email,
  role: r.role,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  active: r.active,
  signInMethod: r.sign_in_method,
});

const SELECT_USERS = `SELECT u.id, u.username, u.full_name, u.email, u.role, u.active, u.sign_in_method, un.code AS unit_code, un.name AS unit_name, un.path AS unit_path
  FROM users u JOIN units un ON un.id = u.unit_id`;

@Injectable()
export class UsersService implements OnModuleDestroy {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    setPasswordHashConcurrency(config.PASSWORD_HASH_CONCURRENCY);
    // Ready before the first sign-in of an unknown username, which must cost what any other sign-in costs.
    void dummyPasswordHash();
  }

  /** Ends the password-strength thread with the application. */
  onModuleDestroy(): Promise<void> {
    return closePasswordChecks();
  }

  async create(dto: CreateUserDto, actor: Actor | null, manager: EntityManager = this.db.manager): Promise<UserView> {
    const unit = await this.units.findByCode(dto.unitCode, manager);
    const signInMethod = dto.signInMethod ?? 'local';
    if (signInMethod === 'directory' && !this.config.LDAP_URL) throw refuse('DIRECTORY_NOT_CONFIGURED', { field: 'signInMethod' });
    if (signInMethod === 'oidc' && !this.config.OIDC_ISSUER) throw refuse('OIDC_NOT_CONFIGURED', { field: 'signInMethod' });
    // The password is judged first (a weak one is named even beside an unknown unit), against the unit's name too.
    // A directory user may have none: they get an unusable one (a random secret nobody knows).
    if (dto.password !== undefined) {
      await requireAcceptablePassword(dto.password, { username: dto.username, fullName: dto.fullName, unitName: unit?.name, unitCode: unit?.code }, 'password');
    }
    if (!unit) throw refuse('UNKNOWN_UNIT', { field: 'unitCode', params: { code: dto.unitCode } });
    if (await this.findByUsername(dto.username, manager)) throw refuse('USERNAME_TAKEN', { field: 'username', params: { username: dto.username } });
    const user = manager.create(User, {
      id: randomUUID(),
      username: dto.username,
      fullName: dto.fullName,
      email: dto.email ?? null,
      unitId: unit.id,
      role: dto.role,
      passwordHash: await hashPassword(dto.password ?? randomBytes(32).toString('base64url')),
      active: true,
      signInMethod,
    });
    await manager.insert(User, user);
    await this.audit.recordSecurityEvent('user_created', { actorId: actor?.id, userId: user.id, role: dto.role, unit: unit.code, signInMethod }, manager);
    return (await this.viewById(user.id, manager)) as UserView;
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserView> {
    return this.db.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      const changes: Record<string, unknown> = {};
      const emailBefore = user.email ?? null;
      if (dto.fullName !== undefined) user.fullName = dto.fullName;
      if (dto.email !== undefined) user.email = dto.email;
      if (dto.unitCode !== undefined) {
        const unit = await this.units.findByCode(dto.unitCode, manager);
        if (!unit) throw refuse('UNKNOWN_UNIT', { field: 'unitCode', params: { code: dto.unitCode } });
        if (unit.id !== user.unitId) changes['unit'] = unit.code;
        user.unitId = unit.id;
      }
      const losesAdmin = user.role === 'admin' && ((dto.role !== undefined && dto.role !== 'admin') || dto.active === false);
      if (losesAdmin) {
        const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM users WHERE role = 'admin' AND active AND id <> $1`, [id]);
        if (count === 0) throw refuse('LAST_ADMIN', { field: dto.role !== undefined ? 'role' : 'active' });
      }
      if (dto.role !== undefined && dto.role !== user.role) {
        changes['role'] = { from: user.role, to: dto.role };
        user.role = dto.role;
      }
      if (dto.active !== undefined && dto.active !== user.active) {
        changes['active'] = dto.active;
        user.active = dto.active;
      }
      if (dto.signInMethod !== undefined && dto.signInMethod !== user.signInMethod) {
        if (dto.signInMethod === 'directory' && !this.config.LDAP_URL) throw refuse('DIRECTORY_NOT_CONFIGURED', { field: 'signInMethod' });
        if (dto.signInMethod === 'oidc' && !this.config.OIDC_ISSUER) throw refuse('OIDC_NOT_CONFIGURED', { field: 'signInMethod' });
        if (user.signInMethod === 'local' && user.role === 'admin' && user.active) {
          // Someone must still sign in when the directory is down: the last active local admin stays local.
          const [{ count }] = await manager.query(
            `SELECT count(*)::int AS count FROM users WHERE role = 'admin' AND active AND sign_in_method = 'local' AND id <> $1`,
            [id],
          );
          if (count === 0) throw refuse('LAST_LOCAL_ADMIN', { field: 'signInMethod' });
        }
        changes['signInMethod'] = { from: user.signInMethod, to: dto.signInMethod };
        user.signInMethod = dto.signInMethod;
      }
      if (dto.password !== undefined) {
        await this.requirePasswordFor(user, dto.password, 'password', manager);
        user.passwordHash = await hashPassword(dto.password);
        changes['passwordReset'] = true;
      }
      await manager.save(user);
      if (Object.keys(changes).length > 0) {
        // A role, unit or status change or a password reset ends the user's sessions at once: tokens, refresh, streams.
        await revokeSessions(manager, { userId: id }, dto.password !== undefined ? 'password_changed' : 'user_changed');
        await this.audit.recordSecurityEvent('user_changed', { actorId: actor.id, userId: id, ...changes }, manager);
      }
      // Where reminders and notices go: a changed address is a security event of its own, both sides masked.
      if ((user.email ?? null) !== emailBefore) {
        await this.audit.recordSecurityEvent('email_changed', { actorId: actor.id, userId: id, from: maskEmail(emailBefore), to: maskEmail(user.email) }, manager);
      }
      return (await this.viewById(id, manager)) as UserView;
    });
  }

  /**
   * A user as the ministry's directory (`method` directory, the default) or its single sign-on (`oidc`) says they are,
   * at their sign-in (one transaction): created on the first sign-in (that sign-in method, an unusable local
   * password), else their full name, e-mail, unit and role brought up to date. Each change is recorded like an
   * admin's (`user_created`, `user_changed`, `email_changed`) with no actor and `source` the method; a unit or role change ends the user's other sessions, as `update` does. Answers the
   * user's id and whether they are active here (an admin may have deactivated them), or null when the username
   * belongs to a user of another sign-in method (nothing is written).
   */
  async syncFromDirectory(profile: { username: string; fullName: string; email: string | null; unitId: string; role: User['role']; method?: 'directory' | 'oidc' }): Promise<{ id: string; active: boolean } | null> {
    const method = profile.method ?? 'directory';
    return this.db.transaction(async (manager) => {
      // Two first sign-ins of one account at once: the second waits here and then finds the user the first created.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('directory-user:' || lower($1)))`, [profile.username]);
      const user = await manager
        .createQueryBuilder(User, 'u')
        .where('lower(u.username) = lower(:username)', { username: profile.username })
        .setLock('pessimistic_write')
        .getOne();
      const unit = await this.units.findById(profile.unitId, manager);
      const fullName = profile.fullName.trim().slice(0, 255) || profile.username;
      const email = profile.email?.trim().slice(0, 255) || null;
      if (!user) {
        const id = randomUUID();
        await manager.insert(User, {
          id,
          username: profile.username,
          fullName,
          email,
          unitId: profile.unitId,
          role: profile.role,
          passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
          active: true,
          signInMethod: method,
        });
        await this.audit.recordSecurityEvent('user_created', { userId: id, role: profile.role, unit: unit?.code, signInMethod: method, source: method }, manager);
        return { id, active: true };
      }
      if (user.signInMethod !== method) return null;
      const changes: Record<string, unknown> = {};
      if (user.fullName !== fullName) changes['fullName'] = { from: user.fullName, to: fullName };
      if (user.unitId !== profile.unitId) changes['unit'] = unit?.code;
      if (user.role !== profile.role) changes['role'] = { from: user.role, to: profile.role };
      const emailBefore = user.email ?? null;
      if (Object.keys(changes).length === 0 && emailBefore === email) return { id: user.id, active: user.active };
      await manager.update(User, { id: user.id }, { fullName, email, unitId: profile.unitId, role: profile.role });
      if (changes['unit'] !== undefined || changes['role'] !== undefined) await revokeSessions(manager, { userId: user.id }, 'user_changed');
      if (Object.keys(changes).length) await this.audit.recordSecurityEvent('user_changed', { userId: user.id, ...changes, source: method }, manager);
      if (emailBefore !== email) {
        await this.audit.recordSecurityEvent('email_changed', { userId: user.id, from: maskEmail(emailBefore), to: maskEmail(email), source: method }, manager);
      }
      return { id: user.id, active: user.active };
    });
  }

  /**
   * The users of these units (active or not), for a unit merge's or split's plan: `[{ id, username, fullName, role,
   * active, unitId }]`, by username.
   */
  membersOf(manager: EntityManager, unitIds: string[]): Promise<Array<{ id: string; username: string; fullName: string; role: User['role']; active: boolean; unitId: string }>> {
    if (unitIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT id, username, full_name AS "fullName", role, active, unit_id AS "unitId" FROM users WHERE unit_id = ANY($1::uuid[]) ORDER BY username`,
      [unitIds],
    );
  }

  /**
   * Moves users to another unit in the caller's transaction: a unit merge or split (README, "Units that merge and
   * split"). The same consequences as a unit change made by `update`: their sessions end at once (their reach has
   * changed) and each move is a security event `user_changed` with the new unit's code and `unitChangeId`.
   */
  async moveToUnits(manager: EntityManager, moves: Array<{ userId: string; unitId: string; unitCode: string }>, actor: Actor, unitChangeId: string): Promise<void> {
    for (const move of moves) {
      await manager.query(`UPDATE users SET unit_id = $2 WHERE id = $1`, [move.userId, move.unitId]);
      await revokeSessions(manager, { userId: move.userId }, 'user_changed');
      await this.audit.recordSecurityEvent('user_changed', { actorId: actor.id, userId: move.userId, unit: move.unitCode, unitChangeId }, manager);
    }
  }

  async list(actor: Actor, query: ListUsersQuery): Promise<Page<UserView>> {
    const p = new SqlParams();
    const where: string[] = [];
    if (!seesAllUnits(actor)) {
      where.push(actor.role === 'unit_head' ? `un.path LIKE ${p.add(actor.unitPath + '%')}` : `u.unit_id = ${p.add(actor.unitId)}`);
    }
    if (query.unit) where.push(`un.path LIKE (SELECT path FROM units WHERE upper(code) = upper(${p.add(query.unit)})) || '%'`);
    if (query.role) where.push(`u.role = ${p.add(query.role)}`);
    if (query.active !== undefined) where.push(`u.active = ${p.add(query.active)}`);
    // The search rule (text-search.ts): username or full name, tone marks and case optional; from the index.
    const search = searchMatchSql(SEARCH_KEY_SQL.user('u'), query.q, p);
    if (search) where.push(search);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const pageSize = query.pageSize ?? 50;
    const offset = ((query.page ?? 1) - 1) * pageSize;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM users u JOIN units un ON un.id = u.unit_id ${whereSql}`, p.values);
    const rows: UserRow[] = await this.db.query(
      `${SELECT_USERS} ${whereSql} ORDER BY un.path, u.full_name LIMIT ${pageSize} OFFSET ${offset}`,
      p.values,
    );
    return { items: rows.map(toView), total };
  }

  /** A user as `actor` may see them: 404 outside the actor's units. */
  async getVisible(id: string, actor: Actor): Promise<UserView> {
    const [row]: UserRow[] = await this.db.query(`${SELECT_USERS} WHERE u.id = $1`, [id]);
    if (!row) throw notFound('User');
    if (!seesUnit(actor, row.unit_path)) throw outOfScope('user', id);
    return toView(row);
  }

  async viewById(id: string, manager: EntityManager = this.db.manager): Promise<UserView | null> {
    const [row]: UserRow[] = await manager.query(`${SELECT_USERS} WHERE u.id = $1`, [id]);
    return row ? toView(row) : null;
  }

  findByUsername(username: string, manager: EntityManager = this.db.manager): Promise<User | null> {
    return manager.createQueryBuilder(User, 'u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  /** For sign-in only: the one read that carries the password hash. */
  findForSignIn(username: string): Promise<User | null> {
    return this.db.manager
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  /**
   * The password rule (password-policy.ts) for an existing user: the password must not be guessable from their
   * username, full name, or their unit's name or code. 400 VALIDATION_FAILED on `field` with the broken rule.
   */
  async requirePasswordFor(user: Pick<User, 'username' | 'fullName' | 'unitId'>, password: string, field: string, manager: EntityManager = this.db.manager): Promise<void> {
    const unit = await this.units.findById(user.unitId, manager);
    await requireAcceptablePassword(password, { username: user.username, fullName: user.fullName, unitName: unit?.name, unitCode: unit?.code }, field);
  }

  async findWithHash(id: string): Promise<User | null> {
    return this.db.manager.createQueryBuilder(User, 'u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  async setPassword(id: string, password: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(User, { id }, { passwordHash: await hashPassword(password) });
  }

  /** The actor behind a token, fresh from the database: deactivation and role changes apply at once. */
  async loadActor(id: string): Promise<Actor | null> {
    const [row] = await this.db.query(
      `SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path AS unit_path
         FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1 AND u.active`,
      [id],
    );
    return row
      ? { id: row.id, username: row.username, fullName: row.full_name, role: row.role, unitId: row.unit_id, unitPath: row.unit_path }
      : null;
  }

  /** First start: create the admin named by ADMIN_USERNAME / ADMIN_PASSWORD unless an admin exists. */
  async ensureInitialAdmin(username: string | undefined, password: string | undefined): Promise<void> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM users WHERE role = 'admin'`);
    if (count > 0) return;
    if (!username || !password) {
      this.logger.warn('No admin exists: set ADMIN_USERNAME and ADMIN_PASSWORD to create one at start');
      return;
    }
    const problem = await passwordProblem(password, { username, fullName: INITIAL_ADMIN_NAME });
    if (problem) throw new Error(`ADMIN_PASSWORD is refused by the password rule (${problem.rule}): ${problem.message}`);
    await this.db.transaction(async (manager) => {
      let root = (await manager.query(`SELECT code FROM units WHERE parent_id IS NULL ORDER BY created_at LIMIT 1`))[0];
      // The root unit is named after the organisation of the settings (ORG_NAME), never a name written here.
      if (!root) root = await this.units.create({ code: 'BO', name: this.config.ORG_NAME, kind: 'ministry' }, manager);
      await this.create({ username, password, fullName: INITIAL_ADMIN_NAME, role: 'admin', unitCode: root.code }, null, manager);
    });
    this.logger.log(`Created the initial admin ${username}`);
  }
}

const INITIAL_ADMIN_NAME = 'Quản trị hệ thống';
