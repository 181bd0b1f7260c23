import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EnrolmentSignIn, SecondFactorEnrolment, SignInAnswer, TokenPair, UserView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Public } from '@tiendo/server-core';
import { UsersService } from '@tiendo/server-users';
import type { FastifyRequest as Request } from 'fastify';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, RefreshDto, SecondFactorSignInDto, SignInChallengeDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @ApiAnswer('SignInAnswer', {
    summary: 'Đăng nhập',
    description: 'A TokenPair, or a SecondFactorChallenge when a second factor is needed (README, "Second factor").',
    errors: [401, 429, 503],
  })
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<SignInAnswer> {
    return this.auth.login(dto.username, dto.password, req.ip ?? null);
  }

  /**
   * The second step of a sign-in: `{ challenge, code }`, the challenge from POST /api/auth/login (secondFactor code)
   * and the authenticator's 6-digit code or a recovery code. 200 with a token pair; 400 SECOND_FACTOR_CODE_WRONG
   * (counted like a wrong password); 401 SECOND_FACTOR_CHALLENGE_INVALID (expired after 5 minutes, or forged); 429.
   */
  @Public()
  @ApiAnswer('TokenPair', { summary: 'Đăng nhập bước hai: mã xác thực hoặc mã khôi phục', errors: [401, 429, 503] })
  @Post('sign-in/second-factor')
  @HttpCode(200)
  signInWithSecondFactor(@Body() dto: SecondFactorSignInDto, @Req() req: Request): Promise<TokenPair> {
    return this.auth.signInWithSecondFactor(dto.challenge, dto.code, req.ip ?? null);
  }

  /**
   * A required role's enrolment at sign-in (challenge with secondFactor enrol): `{ challenge }` → the secret and its
   * otpauth:// URI. 401 SECOND_FACTOR_CHALLENGE_INVALID.
   */
  @Public()
  @ApiAnswer('SecondFactorEnrolment', { summary: 'Đăng ký xác thực hai bước khi đăng nhập (vai trò bắt buộc)', errors: [401] })
  @Post('sign-in/enrolment')
  @HttpCode(200)
  startEnrolmentAtSignIn(@Body() dto: SignInChallengeDto): Promise<SecondFactorEnrolment> {
    return this.auth.startEnrolmentAtSignIn(dto.challenge);
  }

  /**
   * Confirms the enrolment started at sign-in: `{ challenge, code }` → the ten recovery codes (shown once) and the
   * session. 400 SECOND_FACTOR_CODE_WRONG (counted); 401 SECOND_FACTOR_CHALLENGE_INVALID; 422 SECOND_FACTOR_NOT_ENROLLED; 429.
   */
  @Public()
  @ApiAnswer('EnrolmentSignIn', { summary: 'Xác nhận đăng ký xác thực hai bước và đăng nhập', errors: [401, 422, 429, 503] })
  @Post('sign-in/enrolment/confirm')
  @HttpCode(200)
  confirmEnrolmentAtSignIn(@Body() dto: SecondFactorSignInDto, @Req() req: Request): Promise<EnrolmentSignIn> {
    return this.auth.confirmEnrolmentAtSignIn(dto.challenge, dto.code, req.ip ?? null);
  }

  @Public()
  @ApiAnswer('TokenPair', { summary: 'Làm mới phiên (đổi refresh token lấy cặp token mới)', errors: [401] })
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }

  /**
   * Signs out: 204; the refresh token's session ends, its access tokens are refused from the next request and its
   * notification streams close. Recorded as a security event with the client address.
   */
  @Public()
  @ApiAnswer.empty({ summary: 'Đăng xuất' })
  @Post('logout')
  @HttpCode(204)
  logout(@Body() dto: RefreshDto, @Req() req: Request): Promise<void> {
    return this.auth.logout(dto.refreshToken, req.ip ?? null);
  }

  @ApiBearerAuth()
  @ApiAnswer('UserView', { summary: 'Người dùng đang đăng nhập' })
  @Get('me')
  async me(@CurrentActor() actor: Actor): Promise<UserView> {
    return (await this.users.viewById(actor.id)) as UserView;
  }

  @ApiBearerAuth()
  @ApiAnswer.empty({ summary: 'Đổi mật khẩu', errors: [429, 503] })
  @Post('change-password')
  @HttpCode(204)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, req.ip ?? null);
  }
}
