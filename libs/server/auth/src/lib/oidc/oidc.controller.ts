import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { OidcSettingsView, OidcSignInStart, OidcSignOut, SignInAnswer } from '@tiendo/contracts';
import { ApiAnswer, Public } from '@tiendo/server-core';
import type { FastifyRequest as Request } from 'fastify';
import { AuthService } from '../auth.service';
import { RefreshDto } from '../dto/auth.dto';
import { SignInThrottle } from '../sign-in-throttle';
import { OidcCallbackDto } from './oidc.dto';
import { OidcSignIn } from './oidc-sign-in.service';

/**
 * Sign-in through the ministry's OpenID Connect provider ("Đăng nhập bằng tài khoản Bộ"; README, "OpenID Connect"):
 * authorization code with PKCE, the browser carrying the code from the provider to the web app and here. All public:
 * the provider's answer is what proves the person.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcSignIn,
    private readonly auth: AuthService,
    private readonly throttle: SignInThrottle,
  ) {}

  /** Whether the sign-in page offers the ministry's provider, and the button's words. */
  @Public()
  @ApiAnswer('OidcSettingsView', { summary: 'Đăng nhập bằng tài khoản Bộ: có bật không' })
  @Get()
  settings(): OidcSettingsView {
    return this.oidc.describe();
  }

  /**
   * Starts a sign-in at the provider: 200 `{ authorizationUrl, state }` (the state valid 10 minutes, once). 422
   * OIDC_NOT_CONFIGURED without OIDC_ISSUER; 503 OIDC_PROVIDER_UNAVAILABLE when the provider does not answer; 429
   * SIGN_IN_THROTTLED past OIDC_STARTS_PER_ADDRESS starts from one client address in 10 minutes (each stores a request).
   */
  @Public()
  @ApiAnswer('OidcSignInStart', { summary: 'Bắt đầu đăng nhập bằng tài khoản Bộ', errors: [422, 429, 503] })
  @Post('start')
  @HttpCode(200)
  async start(@Req() req: Request): Promise<OidcSignInStart> {
    // Only a start that stores a request counts (none is stored while OIDC_ISSUER is unset: 422).
    if (this.oidc.describe().enabled) await this.throttle.admitProviderStart(req.ip ?? null);
    return this.oidc.start();
  }

  /**
   * Completes the sign-in with the provider's `code` and `state` (and `iss`): 200 with the session's TokenPair, or a
   * SecondFactorChallenge when the user's role requires a second factor the provider did not ask for (its `amr`).
   * 400 VALIDATION_FAILED (rule OIDC_STATE_INVALID on state: unknown, used or expired); 401 OIDC_SIGN_IN_FAILED (the
   * provider refused the code, or its tokens failed a check); 403 DIRECTORY_NO_MAPPING (no mapping rule gives the
   * user a unit) or OIDC_ACCOUNT_NOT_ALLOWED (the username signs in another way, or is deactivated here); 503.
   */
  @Public()
  @ApiAnswer('SignInAnswer', { summary: 'Hoàn tất đăng nhập bằng tài khoản Bộ', errors: [401, 403, 422, 503] })
  @Post('callback')
  @HttpCode(200)
  async callback(@Body() dto: OidcCallbackDto, @Req() req: Request): Promise<SignInAnswer> {
    const ip = req.ip ?? null;
    const signIn = await this.oidc.redeem({ code: dto.code, state: dto.state, ...(dto.iss !== undefined ? { iss: dto.iss } : {}) }, ip);
    return this.auth.signInWithProvider(signIn, ip);
  }

  /**
   * Signs out of the product (the refresh token's session ends, as POST /api/auth/logout) and answers where the
   * browser goes to sign out of the provider too: `{ endSessionUrl }`, null for a session not opened through it.
   */
  @Public()
  @ApiAnswer('OidcSignOut', { summary: 'Đăng xuất (cả khỏi cổng đăng nhập của Bộ)' })
  @Post('logout')
  @HttpCode(200)
  async logout(@Body() dto: RefreshDto, @Req() req: Request): Promise<OidcSignOut> {
    const answer = await this.oidc.signOutUrl(dto.refreshToken);
    await this.auth.logout(dto.refreshToken, req.ip ?? null);
    return answer;
  }
}
