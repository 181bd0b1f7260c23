import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RecoveryCodes, SecondFactorEnrolment, SecondFactorReset, SecondFactorStatus } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, notFound, Roles, UuidParamPipe } from '@tiendo/server-core';
import { UsersService } from '@tiendo/server-users';
import type { FastifyRequest as Request } from 'fastify';
import { SecondFactorCodeDto } from '../dto/auth.dto';
import { SecondFactorService } from './second-factor.service';

/** The signed-in user's second factor (account page), and an admin's reset of someone's (users admin screen). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller()
export class SecondFactorController {
  constructor(
    private readonly secondFactors: SecondFactorService,
    private readonly users: UsersService,
  ) {}

  /** Whether I have a second factor, whether my role requires one, and how many recovery codes I have left. */
  @ApiAnswer('SecondFactorStatus', { summary: 'Xác thực hai bước của tôi' })
  @Get('auth/second-factor')
  status(@CurrentActor() actor: Actor): Promise<SecondFactorStatus> {
    return this.secondFactors.status(actor);
  }

  /** Starts (or starts again) my enrolment: the secret and its otpauth:// URI. 422 SECOND_FACTOR_ALREADY_ENROLLED. */
  @ApiAnswer('SecondFactorEnrolment', { summary: 'Bắt đầu đăng ký xác thực hai bước', errors: [422] })
  @Post('auth/second-factor/enrolment')
  @HttpCode(200)
  startEnrolment(@CurrentActor() actor: Actor): Promise<SecondFactorEnrolment> {
    return this.secondFactors.startEnrolment(actor);
  }

  /**
   * `{ code }` from the app confirms my enrolment: 200 with ten recovery codes, shown once. 400
   * SECOND_FACTOR_CODE_WRONG (counted like a wrong password); 422 SECOND_FACTOR_NOT_ENROLLED / ALREADY_ENROLLED; 429.
   */
  @ApiAnswer('RecoveryCodes', { summary: 'Xác nhận đăng ký xác thực hai bước (nhận mã khôi phục)', errors: [422, 429, 503] })
  @Post('auth/second-factor/enrolment/confirm')
  @HttpCode(200)
  confirmEnrolment(@CurrentActor() actor: Actor, @Body() dto: SecondFactorCodeDto, @Req() req: Request): Promise<RecoveryCodes> {
    return this.secondFactors.confirmEnrolment(actor, dto.code, req.ip ?? null);
  }

  /** `{ code }` from the app: ten new recovery codes, the old ones void. 400 SECOND_FACTOR_CODE_WRONG; 422; 429. */
  @ApiAnswer('RecoveryCodes', { summary: 'Tạo lại mã khôi phục', errors: [422, 429, 503] })
  @Post('auth/second-factor/recovery-codes')
  @HttpCode(200)
  regenerateRecoveryCodes(@CurrentActor() actor: Actor, @Body() dto: SecondFactorCodeDto, @Req() req: Request): Promise<RecoveryCodes> {
    return this.secondFactors.regenerateRecoveryCodes(actor, dto.code, req.ip ?? null);
  }

  /**
   * `{ code }` (or a recovery code) turns my second factor off: 204. 422 SECOND_FACTOR_REQUIRED when my role must
   * keep one (MFA_REQUIRED_ROLES), SECOND_FACTOR_NOT_ENROLLED; 400 SECOND_FACTOR_CODE_WRONG; 429.
   */
  @ApiAnswer.empty({ summary: 'Tắt xác thực hai bước', errors: [422, 429, 503] })
  @Post('auth/second-factor/disable')
  @HttpCode(204)
  disable(@CurrentActor() actor: Actor, @Body() dto: SecondFactorCodeDto, @Req() req: Request): Promise<void> {
    return this.secondFactors.disable(actor, dto.code, req.ip ?? null);
  }

  /**
   * An admin resets a user's second factor (a lost phone): their authenticator and recovery codes are deleted, their
   * sessions end, and they enrol again at their next sign-in when their role requires it. Recorded
   * `second_factor_reset`. 200 `{ reset }` (false: there was none); 404 for an unknown user.
   */
  @ApiAnswer('SecondFactorReset', { summary: 'Quản trị: đặt lại xác thực hai bước của người dùng' })
  @Post('users/:id/second-factor/reset')
  @Roles('admin')
  @HttpCode(200)
  async reset(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<SecondFactorReset> {
    if (!(await this.users.viewById(id))) throw notFound('User');
    return this.secondFactors.reset(id, actor);
  }
}
