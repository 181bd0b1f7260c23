/**
 * Sign-in through the ministry's OpenID Connect provider (README, "OpenID Connect"). The web app:
 * 1. GET /api/auth/oidc → OidcSettingsView: whether to show the button, and its words;
 * 2. POST /api/auth/oidc/start → OidcSignInStart: keeps `state` in session storage, goes to `authorizationUrl`;
 * 3. the provider sends the browser back to /dang-nhap/oidc?code=…&state=…(&iss=…); the page checks `state` against
 *    the kept one and POSTs OidcCallbackInput to /api/auth/oidc/callback → the session's TokenPair;
 * 4. signing out: POST /api/auth/oidc/logout { refreshToken } ends the session → OidcSignOut; the browser then goes
 *    to `endSessionUrl` (the provider's own sign-out) when there is one.
 */
export interface OidcSettingsView {
  enabled: boolean;
  /** The button's words (OIDC_LABEL), e.g. "Đăng nhập bằng tài khoản Bộ". */
  label: string;
}

export interface OidcSignInStart {
  /** The provider's authorization endpoint with this sign-in's state, nonce and PKCE challenge. */
  authorizationUrl: string;
  /** Opaque; valid 10 minutes, once. */
  state: string;
}

export interface OidcCallbackInput {
  code: string;
  state: string;
  /** RFC 9207's issuer parameter, passed on as the provider sent it. */
  iss?: string;
}

export interface OidcSignOut {
  /** The provider's end-session URL (RP-initiated logout), or null when the session was not the provider's. */
  endSessionUrl: string | null;
}
