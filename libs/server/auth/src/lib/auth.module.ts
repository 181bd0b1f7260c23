import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@tiendo/server-audit';
import { UsersModule } from '@tiendo/server-users';
import { AuthController } from './auth.controller';
import { AuthenticationGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { Sessions } from './sessions';
import { SignInThrottle } from './sign-in-throttle';

@Module({
  imports: [JwtModule.register({}), UsersModule, AuditModule],
  controllers: [AuthController],
  providers: [AuthService, AuthenticationGuard, RolesGuard, SignInThrottle, Sessions],
  exports: [AuthService, AuthenticationGuard, RolesGuard, Sessions],
})
export class AuthModule {}
