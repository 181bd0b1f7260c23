import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OidcSignInStart, OidcSignOut } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { AppConfig, Clock, refuse } from '@tiendo/server-core';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ExternalIdentity } from '../directory/identity-mapping';
import { authenticationMethods, identityFromClaims } from './oidc-identity';
import { OidcProviderClient, ProviderCallback, ProviderSignIn } from './oidc-provider-client';

/** How long a started sign-in may take at the provider before its `state` is worthless: 10 minutes. */
export const OIDC_SIGN_IN_TTL_MS = 10 * 60_000;

const random = (bytes: number) => randomBytes(bytes).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Sign-in through the ministry's OpenID Connect provider (authorization code with PKCE; README, "OpenID Connect").
 * The web app starts it (`start`: the provider's URL, and a `state` the browser keeps in its session storage), the
 * provider sends the browser back to the web app's `/dang-nhap/oidc`, which hands `code` and `state` to `complete`:
 * the state is spent once, the code redeemed with the stored PKCE verifier and nonce, the claims mapped by the
 * admin's rules (the directory's: identity-mapping.ts), the user created or updated, and a session opened as a
 * password sign-in opens one. Writes `oidc_sign_in_requests` (only here) and the session's ID token.
 */
@Injectable()
export class OidcSignIn {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly provider: OidcProviderClient,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Whether the sign-in page offers the provider, and its button's words. */
  describe(): { enabled: boolean; label: string } {
    return { enabled: this.provider.enabled, label: this.config.OIDC_LABEL };
  }

  /**
   * Starts a sign-in: a fresh `state`, nonce and PKCE verifier stored for OIDC_SIGN_IN_TTL_MS, and the provider's
   * authorization URL to send the browser to. Requests older than their expiry are removed on the way.
   * 422 OIDC_NOT_CONFIGURED; 503 OIDC_PROVIDER_UNAVAILABLE when the provider's discovery fails.
   */
  async start(): Promise<OidcSignInStart> {
    const checks = { state: random(32), nonce: random(32), codeVerifier: random(48) };
    const authorizationUrl = await this.provider.authorizationUrl(checks);
    const now = this.clock.now();
    await this.db.query(`DELETE FROM oidc_sign_in_requests WHERE expires_at < $1`, [now]);
    await this.db.query(
      `INSERT INTO oidc_sign_in_requests (state, code_verifier, nonce, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [sha256(checks.state), checks.codeVerifier, checks.nonce, now, new Date(now.getTime() + OIDC_SIGN_IN_TTL_MS)],
    );
    return { authorizationUrl, state: checks.state };
  }

  /**
   * Spends the sign-in request of `callback.state` (once: a second use, an unknown or expired state is 400
   * VALIDATION_FAILED with rule OIDC_STATE_INVALID on `state`) and redeems its code at the provider. Answers the
   * provider's identity for the caller to place and sign in: the claims, the ID token and the `amr` methods.
   */
  async redeem(callback: ProviderCallback, ip: string | null): Promise<{ identity: ExternalIdentity; idToken: string; amr: string[] }> {
    // TypeORM answers an UPDATE … RETURNING as [rows, count].
    const [[row]] = await this.db.query(
      `UPDATE oidc_sign_in_requests SET used_at = $2 WHERE state = $1 AND used_at IS NULL AND expires_at > $2 RETURNING code_verifier, nonce`,
      [sha256(callback.state), this.clock.now()],
    );
    if (!row) {
      await this.audit.recordSecurityEvent('login_failed', { ip, method: 'oidc', reason: 'state_invalid' });
      throw refuse('OIDC_STATE_INVALID', { field: 'state' });
    }
    let signIn: ProviderSignIn;
    try {
      signIn = await this.provider.redeem(callback, { state: callback.state, nonce: row.nonce, codeVerifier: row.code_verifier });
    } catch (err) {
      await this.audit.recordSecurityEvent('login_failed', { ip, method: 'oidc', reason: (err as { code?: string }).code ?? 'provider' });
      throw err;
    }
    const identity = identityFromClaims(signIn.claims, { username: this.config.OIDC_USERNAME_CLAIM, groups: this.config.OIDC_GROUPS_CLAIM });
    if (!identity) {
      await this.audit.recordSecurityEvent('login_failed', { ip, method: 'oidc', reason: 'no_username_claim', claim: this.config.OIDC_USERNAME_CLAIM });
      throw refuse('OIDC_SIGN_IN_FAILED');
    }
    return { identity, idToken: signIn.idToken, amr: authenticationMethods(signIn.claims) };
  }

  /**
   * The provider's logout URL for the session of `refreshToken` when it was opened through the provider (its ID
   * token as `id_token_hint`, PUBLIC_URL's sign-in page to come back to), else null. Read before the session ends.
   */
  async signOutUrl(refreshToken: string): Promise<OidcSignOut> {
    const [row] = await this.db.query(
      `SELECT s.oidc_id_token FROM refresh_tokens t JOIN sessions s ON s.id = t.family_id WHERE t.token_hash = $1`,
      [sha256(refreshToken)],
    );
    if (!row?.oidc_id_token || !this.provider.enabled) return { endSessionUrl: null };
    try {
      return { endSessionUrl: await this.provider.endSessionUrl(row.oidc_id_token) };
    } catch {
      // The product's session ends whatever the provider says; its own session may then outlive ours.
      return { endSessionUrl: null };
    }
  }
}
