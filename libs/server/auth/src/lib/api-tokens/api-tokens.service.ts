import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { API_TOKEN_PREFIX, type ApiTokenScope, type ApiTokenView, type CreatedApiToken } from '@tiendo/contracts';
import { addDays, startOfLocalDay } from '@tiendo/domain';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ApiError, AppConfig, Clock, errorMessage, fieldError, markApiTokenRequest, notFound, refuse, validationFailed } from '@tiendo/server-core';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CreateApiTokenDto } from './api-token.dto';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** `tdk_` and 43 base64url characters (32 bytes): anything else is not a token and costs no lookup. */
const TOKEN_SHAPE = /^tdk_[A-Za-z0-9_-]{43}$/;
/** The last-use time (and its security event `api_token_used`) is written at most this often per token. */
export const LAST_USE_RESOLUTION_SECONDS = 60;
/** Characters of the secret kept plainly to tell tokens apart in the list (`tdk_` + 6). */
const VISIBLE_PREFIX = API_TOKEN_PREFIX.length + 6;
/** A path that no unit's path starts with: a token actor's own `unitPath` must match nothing. */
const NO_UNIT_PATH = '#api-token#';
const NO_UNIT_ID = '00000000-0000-0000-0000-000000000000';

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  expires_on: string;
  expires_at: Date;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_by_id: string;
  creator_username: string;
  creator_full_name: string;
  creator_active: boolean;
  units: Array<{ code: string; name: string; path: string }>;
}

const SELECT_TOKENS = `
  SELECT k.id, k.name, k.prefix, k.scopes, k.expires_on::text AS expires_on, k.expires_at, k.created_at, k.last_used_at,
         k.revoked_at, k.created_by_id, u.username AS creator_username, u.full_name AS creator_full_name, u.active AS creator_active,
         COALESCE((SELECT json_agg(json_build_object('code', n.code, 'name', n.name, 'path', n.path) ORDER BY n.code)
                     FROM api_token_units tu JOIN units n ON n.id = tu.unit_id WHERE tu.token_id = k.id), '[]') AS units
    FROM api_tokens k JOIN users u ON u.id = k.created_by_id`;

/**
 * API tokens: the way in for another system. An admin creates one with a name, scopes, units and an expiry day; its
 * secret is shown once and stored as its SHA-256. Every request with a token looks it up (no cache: a revocation
 * works on the next request), checks expiry and the route's declared scope (`@TokenScope`; a route without one
 * refuses tokens), and acts as an actor whose reach is the token's units (access-policy.ts). Failures are security
 * events: `api_token_unknown`, `api_token_expired`, `api_token_revoked`, `api_token_out_of_scope`; a use is
 * `api_token_used` (the token's sign-in), written with the last-use time at most once a minute.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates a token; the answer carries its secret, never shown again. 400 VALIDATION_FAILED with UNKNOWN_UNIT on
   * `unitCodes.<i>`, EXPIRY_TOO_FAR on `expiresOn` (not after today, or more than API_TOKEN_MAX_DAYS ahead, in
   * Asia/Ho_Chi_Minh days). Recorded as the security event `api_token_created`.
   */
  async create(dto: CreateApiTokenDto, admin: Actor): Promise<CreatedApiToken> {
    const now = this.clock.now();
    const today = this.clock.today();
    const units: Array<{ id: string; code: string }> = await this.db.query(`SELECT id, code FROM units WHERE upper(code) = ANY($1::text[])`, [
      dto.unitCodes.map((c) => c.toUpperCase()),
    ]);
    const errors = dto.unitCodes
      .map((code, i) => (units.some((u) => u.code.toUpperCase() === code.toUpperCase()) ? null : fieldError(`unitCodes.${i}`, 'UNKNOWN_UNIT', { code })))
      .filter((e) => e !== null);
    const latest = addDays(today, this.config.API_TOKEN_MAX_DAYS);
    if (dto.expiresOn <= today || dto.expiresOn > latest) errors.push(fieldError('expiresOn', 'EXPIRY_TOO_FAR', { max: this.config.API_TOKEN_MAX_DAYS }));
    if (errors.length) throw validationFailed(errors);
    const secret = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = await this.db.transaction(async (manager) => {
      const [{ id }] = await manager.query(
        `INSERT INTO api_tokens (name, prefix, token_hash, scopes, expires_on, expires_at, created_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [dto.name.trim(), secret.slice(0, VISIBLE_PREFIX), sha256(secret), dto.scopes, dto.expiresOn, startOfLocalDay(addDays(dto.expiresOn, 1)), admin.id, now],
      );
      await manager.query(`INSERT INTO api_token_units (token_id, unit_id) SELECT $1, unnest($2::uuid[])`, [id, units.map((u) => u.id)]);
      await this.audit.recordSecurityEvent('api_token_created', { actorId: admin.id, tokenId: id, name: dto.name.trim(), scopes: dto.scopes, units: units.map((u) => u.code) }, manager);
      return id as string;
    });
    return { ...(await this.get(id)), token: secret };
  }

  /** Every token, newest first, with its units, last use and state (never a secret). */
  async list(): Promise<ApiTokenView[]> {
    const rows: TokenRow[] = await this.db.query(`${SELECT_TOKENS} ORDER BY k.created_at DESC, k.id`);
    return rows.map((r) => this.view(r));
  }

  /** One token; 404 when there is none. */
  async get(id: string): Promise<ApiTokenView> {
    const [row]: TokenRow[] = await this.db.query(`${SELECT_TOKENS} WHERE k.id = $1`, [id]);
    if (!row) throw notFound('API token');
    return this.view(row);
  }

  /**
   * Revokes a token at once: the next request with it is refused (401). Revoking it again changes nothing (200 with
   * the token as it is). 404 for an unknown id. Recorded as the security event `api_token_revoked_by_admin`.
   */
  async revoke(id: string, admin: Actor): Promise<ApiTokenView> {
    await this.get(id);
    await this.db.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, count].
      const [done]: [unknown[], number] = await manager.query(`UPDATE api_tokens SET revoked_at = $2, revoked_by_id = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [
        id,
        this.clock.now(),
        admin.id,
      ]);
      if (done.length) await this.audit.recordSecurityEvent('api_token_revoked_by_admin', { actorId: admin.id, tokenId: id }, manager);
    });
    return this.get(id);
  }

  /**
   * The actor an API token stands for on a route that accepts `scope` (undefined: the route accepts no token).
   * 401 UNAUTHENTICATED for an unknown, expired or revoked token, or one whose creating admin is deactivated; 403 API_TOKEN_SCOPE when the route accepts no
   * token or a scope the token lacks. Each refusal is a security event (the token's id, never its secret).
   */
  async authenticate(secret: string, scope: ApiTokenScope | undefined, route: string): Promise<Actor> {
    const unauthenticated = () => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', errorMessage('UNAUTHENTICATED'), undefined, { 'WWW-Authenticate': 'Bearer' });
    const [row]: TokenRow[] = TOKEN_SHAPE.test(secret) ? await this.db.query(`${SELECT_TOKENS} WHERE k.token_hash = $1`, [sha256(secret)]) : [];
    if (!row) {
      await this.audit.recordSecurityEvent('api_token_unknown', { prefix: secret.slice(0, VISIBLE_PREFIX), route });
      throw unauthenticated();
    }
    const now = this.clock.now();
    const facts = { tokenId: row.id, name: row.name, route };
    if (row.revoked_at) {
      await this.audit.recordSecurityEvent('api_token_revoked', facts);
      throw unauthenticated();
    }
    if (new Date(row.expires_at) <= now) {
      await this.audit.recordSecurityEvent('api_token_expired', facts);
      throw unauthenticated();
    }
    // A token acts in its creating admin's name (history, assignments): it stops with them when they are deactivated.
    if (!row.creator_active) {
      await this.audit.recordSecurityEvent('api_token_creator_inactive', { ...facts, creatorId: row.created_by_id });
      throw unauthenticated();
    }
    if (!scope || !row.scopes.includes(scope)) {
      await this.audit.recordSecurityEvent('api_token_out_of_scope', { ...facts, scope: scope ?? null });
      throw refuse('API_TOKEN_SCOPE');
    }
    // Cheap last use: one conditional UPDATE, a write at most once a minute per token.
    const [used]: [unknown[], number] = await this.db.query(
      `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - make_interval(secs => $3)) RETURNING id`,
      [row.id, now, LAST_USE_RESOLUTION_SECONDS],
    );
    if (used.length) await this.audit.recordSecurityEvent('api_token_used', facts);
    markApiTokenRequest(row.id);
    return {
      id: row.created_by_id,
      username: `api-token:${row.prefix}`,
      fullName: row.name,
      role: 'staff',
      unitId: NO_UNIT_ID,
      unitPath: NO_UNIT_PATH,
      apiToken: { id: row.id, name: row.name, scopes: row.scopes, unitPaths: row.units.map((u) => u.path) },
    };
  }

  private view(r: TokenRow): ApiTokenView {
    const now = this.clock.now();
    return {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scopes: r.scopes,
      units: r.units.map((u) => ({ code: u.code, name: u.name })),
      expiresOn: r.expires_on,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: { id: r.created_by_id, username: r.creator_username, fullName: r.creator_full_name },
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
      state: r.revoked_at ? 'revoked' : new Date(r.expires_at) <= now ? 'expired' : 'active',
    };
  }
}
