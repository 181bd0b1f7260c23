import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { TokenPair, UserView } from '@tiendo/contracts';
import { Actor, CurrentActor, Public } from '@tiendo/server-core';
import { UsersService } from '@tiendo/server-users';
import type { FastifyRequest as Request } from 'fastify';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenPair> {
    return this.auth.login(dto.username, dto.password, req.ip ?? null);
  }

  @Public()
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
  @Post('logout')
  @HttpCode(204)
  logout(@Body() dto: RefreshDto, @Req() req: Request): Promise<void> {
    return this.auth.logout(dto.refreshToken, req.ip ?? null);
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentActor() actor: Actor): Promise<UserView> {
    return (await this.users.viewById(actor.id)) as UserView;
  }

  @ApiBearerAuth()
  @Post('change-password')
  @HttpCode(204)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, req.ip ?? null);
  }
}
