import { Injectable, Logger } from '@nestjs/common';
import { ApiError, AppConfig, refuse } from '@tiendo/server-core';
import * as oidc from 'openid-client';

/** What the product reads of a person from the provider: the ID token's claims merged with the userinfo answer. */
export interface ProviderSignIn {
  claims: Record<string, unknown>;
  /** The ID token (kept with the session for RP-initiated logout's `id_token_hint`). */
  idToken: string;
}

/** The provider's answer for a sign-in the product started: the query the browser came back with. */
export interface ProviderCallback {
  code: string;
  state: string;
  /** RFC 9207's `iss`, when the provider sends one (it is then checked). */
  iss?: string;
}

const unavailable = () => refuse('OIDC_PROVIDER_UNAVAILABLE');

/**
 * The product as an OpenID Connect relying party (`openid-client`, authorization code with PKCE, S256): discovers the
 * provider of OIDC_ISSUER (once; again after a failure), builds authorization and end-session URLs, and redeems a
 * code for checked tokens (signature, issuer, audience, expiry, nonce, state, PKCE — the library's checks).
 * Errors: 422 OIDC_NOT_CONFIGURED when OIDC_ISSUER is unset; 503 OIDC_PROVIDER_UNAVAILABLE when the provider does not
 * answer or answers nonsense at discovery; 401 OIDC_SIGN_IN_FAILED when the code is refused or the tokens fail a check.
 */
@Injectable()
export class OidcProviderClient {
  private readonly logger = new Logger(OidcProviderClient.name);
  private discovered?: Promise<oidc.Configuration>;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER && this.config.OIDC_CLIENT_ID);
  }

  get redirectUri(): string {
    return this.config.OIDC_REDIRECT_URI ?? new URL('/dang-nhap/oidc', this.config.PUBLIC_URL).toString();
  }

  get postLogoutRedirectUri(): string {
    return this.config.OIDC_POST_LOGOUT_REDIRECT_URI ?? new URL('/dang-nhap', this.config.PUBLIC_URL).toString();
  }

  /** The provider's configuration, discovered once; a failed discovery is forgotten so the next sign-in retries. */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.enabled) throw refuse('OIDC_NOT_CONFIGURED');
    this.discovered ??= (async () => {
      const secret = this.config.OIDC_CLIENT_SECRET;
      try {
        return await oidc.discovery(
          new URL(this.config.OIDC_ISSUER as string),
          this.config.OIDC_CLIENT_ID as string,
          undefined,
          secret ? oidc.ClientSecretBasic(secret) : oidc.None(),
          { execute: this.config.OIDC_ALLOW_HTTP ? [oidc.allowInsecureRequests] : [], timeout: 10 },
        );
      } catch (err) {
        this.discovered = undefined;
        this.logger.warn(`OpenID Connect discovery failed: ${(err as Error).message}`);
        throw unavailable();
      }
    })();
    return this.discovered;
  }

  /** The provider's authorization URL for a sign-in with these checks (S256 challenge of `codeVerifier`). */
  async authorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<string> {
    const configuration = await this.configuration();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.config.OIDC_SCOPES,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return url.toString();
  }

  /**
   * Redeems the code of `callback` with the checks stored when the sign-in started, then reads the userinfo endpoint
   * (when the provider has one) for the claims an ID token may leave out (groups…). 401 OIDC_SIGN_IN_FAILED when
   * the provider refuses the code or a check fails; 503 when the provider does not answer.
   */
  async redeem(callback: ProviderCallback, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderSignIn> {
    const configuration = await this.configuration();
    const url = new URL(this.redirectUri);
    url.searchParams.set('code', callback.code);
    url.searchParams.set('state', callback.state);
    if (callback.iss !== undefined) url.searchParams.set('iss', callback.iss);
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, url, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw this.refusal(err);
    }
    const idClaims = tokens.claims() as Record<string, unknown> | undefined;
    if (!idClaims || !tokens.id_token) throw this.refusal(new Error('no ID token'));
    let userinfo: Record<string, unknown> = {};
    if (configuration.serverMetadata().userinfo_endpoint) {
      try {
        userinfo = (await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims['sub'] as string)) as Record<string, unknown>;
      } catch (err) {
        throw this.refusal(err);
      }
    }
    // The ID token's own claims (sub, amr, acr, auth_time…) win over userinfo's.
    return { claims: { ...userinfo, ...idClaims }, idToken: tokens.id_token };
  }

  /** The provider's RP-initiated logout URL for a session's ID token, or null when the provider has none. */
  async endSessionUrl(idToken: string): Promise<string | null> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUri }).toString();
  }

  /** A provider that does not answer is 503; anything it refused or that failed a check is 401. */
  private refusal(err: unknown): ApiError {
    const e = err as { code?: string; cause?: unknown; message?: string; error?: string; error_description?: string };
    const network = e.code === 'OAUTH_TIMEOUT' || e.code === 'ECONNREFUSED' || (err instanceof TypeError && /fetch failed/i.test(err.message));
    if (network) return unavailable();
    this.logger.warn(`OpenID Connect sign-in refused: ${e.error ?? e.code ?? ''} ${e.error_description ?? e.message ?? ''}`);
    return refuse('OIDC_SIGN_IN_FAILED');
  }
}
