import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@tiendo/server-audit';
import { UsersModule } from '@tiendo/server-users';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthenticationGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { Sessions } from './sessions';
import { SignInThrottle } from './sign-in-throttle';

@Module({
  imports: [JwtModule.register({}), UsersModule, AuditModule],
  controllers: [AuthController, ApiTokensController],
  providers: [AuthService, ApiTokensService, AuthenticationGuard, RolesGuard, SignInThrottle, Sessions],
  exports: [AuthService, ApiTokensService, AuthenticationGuard, RolesGuard, Sessions],
})
export class AuthModule {}
