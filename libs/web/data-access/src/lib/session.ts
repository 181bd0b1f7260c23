import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import {
  EnrolmentSignIn,
  isSecondFactorChallenge,
  OidcCallbackInput,
  OidcSettingsView,
  OidcSignInStart,
  OidcSignOut,
  SecondFactorChallenge,
  SecondFactorEnrolment,
  SignInAnswer,
  TokenPair,
  UserView,
} from '@tiendo/contracts';
import { firstValueFrom } from 'rxjs';

const STORAGE_KEY = 'tiendo.session';
/** The `state` of a sign-in through the ministry's provider, kept from the start until the callback page checks it. */
const OIDC_STATE_KEY = 'tiendo.oidc-state';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

/**
 * The signed-in session. Tokens live in sessionStorage: they survive a reload but not the closing of the tab, and
 * the server ends an idle session after 30 minutes whatever the browser keeps.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly tokens = signal<StoredSession | null>(read());
  private refreshing: Promise<boolean> | null = null;
  private oidc: Promise<OidcSettingsView> | null = null;
  private pendingChallenge: SecondFactorChallenge | null = null;

  readonly user = signal<UserView | null>(null);
  readonly signedIn = computed(() => this.tokens() !== null);

  accessToken(): string | null {
    return this.tokens()?.accessToken ?? null;
  }

  /**
   * The password step. Signed in when it answers a session; when a second factor is needed, answers the challenge
   * (secondFactor code or enrol) for the next step instead, and nobody is signed in yet.
   */
  async signIn(username: string, password: string): Promise<SecondFactorChallenge | null> {
    const answer = await firstValueFrom(this.http.post<SignInAnswer>('/api/auth/login', { username, password }));
    if (isSecondFactorChallenge(answer)) return answer;
    await this.begin(answer);
    return null;
  }

  /** The second step: the authenticator's code or a recovery code, with the challenge of the password step. */
  async signInWithCode(challenge: string, code: string): Promise<void> {
    await this.begin(await firstValueFrom(this.http.post<TokenPair>('/api/auth/sign-in/second-factor', { challenge, code })));
  }

  /** A required enrolment at sign-in: the secret and otpauth URI for the authenticator app. */
  startEnrolment(challenge: string): Promise<SecondFactorEnrolment> {
    return firstValueFrom(this.http.post<SecondFactorEnrolment>('/api/auth/sign-in/enrolment', { challenge }));
  }

  /** Confirms the enrolment with a code: signed in; answers the recovery codes to show once. */
  async confirmEnrolment(challenge: string, code: string): Promise<string[]> {
    const answer = await firstValueFrom(this.http.post<EnrolmentSignIn>('/api/auth/sign-in/enrolment/confirm', { challenge, code }));
    await this.begin(answer.session);
    return answer.recoveryCodes;
  }

  /**
   * Ends the session. When the ministry's provider is enabled it goes through POST /api/auth/oidc/logout (which ends
   * password sessions too) and answers the provider's end-session URL for a session opened there, for the caller to
   * go to; otherwise (or on any failure) null.
   */
  async signOut(): Promise<string | null> {
    const refreshToken = this.tokens()?.refreshToken;
    this.clear();
    if (!refreshToken) return null;
    const oidc = await this.oidcSettings();
    if (oidc.enabled) {
      const answer = await firstValueFrom(this.http.post<OidcSignOut>('/api/auth/oidc/logout', { refreshToken })).catch(() => null);
      return answer?.endSessionUrl ?? null;
    }
    await firstValueFrom(this.http.post('/api/auth/logout', { refreshToken })).catch(() => undefined);
    return null;
  }

  /** GET /api/auth/oidc (public): whether to offer the ministry's provider, and the button's words; disabled when unreachable. */
  oidcSettings(): Promise<OidcSettingsView> {
    this.oidc ??= firstValueFrom(this.http.get<OidcSettingsView>('/api/auth/oidc')).catch(() => {
      this.oidc = null;
      return { enabled: false, label: '' };
    });
    return this.oidc;
  }

  /** POST /api/auth/oidc/start: keeps the state for the callback page; answers the provider's URL to go to. */
  async startOidc(): Promise<string> {
    const start = await firstValueFrom(this.http.post<OidcSignInStart>('/api/auth/oidc/start', {}));
    sessionStorage.setItem(OIDC_STATE_KEY, start.state);
    return start.authorizationUrl;
  }

  /**
   * The provider's answer on /dang-nhap/oidc. The state must equal the kept one (false without calling the API when
   * it does not: another tab's or a forged answer); the kept state is used once. Then POST /api/auth/oidc/callback:
   * signed in on a TokenPair; a SecondFactorChallenge is kept for the sign-in page's second step (takeChallenge).
   */
  async completeOidc(input: OidcCallbackInput): Promise<'signed-in' | 'second-factor' | 'state-mismatch'> {
    const kept = sessionStorage.getItem(OIDC_STATE_KEY);
    sessionStorage.removeItem(OIDC_STATE_KEY);
    if (!kept || kept !== input.state) return 'state-mismatch';
    const answer = await firstValueFrom(this.http.post<SignInAnswer>('/api/auth/oidc/callback', input));
    if (isSecondFactorChallenge(answer)) {
      this.pendingChallenge = answer;
      return 'second-factor';
    }
    await this.begin(answer);
    return 'signed-in';
  }

  /** The second-factor challenge a sign-in through the provider left for the sign-in page, once. */
  takeChallenge(): SecondFactorChallenge | null {
    const challenge = this.pendingChallenge;
    this.pendingChallenge = null;
    return challenge;
  }

  /** Loads who is signed in; false when the session is no longer valid. */
  async loadUser(): Promise<boolean> {
    if (!this.tokens()) return false;
    try {
      this.user.set(await firstValueFrom(this.http.get<UserView>('/api/auth/me')));
      return true;
    } catch {
      return false;
    }
  }

  /** Exchanges the refresh token once, however many requests ask at the same time. */
  refresh(): Promise<boolean> {
    const refreshToken = this.tokens()?.refreshToken;
    if (!refreshToken) return Promise.resolve(false);
    this.refreshing ??= firstValueFrom(this.http.post<TokenPair>('/api/auth/refresh', { refreshToken }))
      .then((pair) => {
        this.store(pair);
        return true;
      })
      .catch(() => {
        this.clear();
        return false;
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  clear(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.tokens.set(null);
    this.user.set(null);
  }

  private async begin(pair: TokenPair): Promise<void> {
    this.store(pair);
    await this.loadUser();
  }

  private store(pair: TokenPair): void {
    const session = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.tokens.set(session);
  }
}

function read(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}
