import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@tiendo/server-audit';
import { UsersModule } from '@tiendo/server-users';
import { AuthController } from './auth.controller';
import { AuthenticationGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { SecondFactorController } from './second-factor/second-factor.controller';
import { SecondFactorService } from './second-factor/second-factor.service';
import { Sessions } from './sessions';
import { SignInThrottle } from './sign-in-throttle';

@Module({
  imports: [JwtModule.register({}), UsersModule, AuditModule],
  controllers: [AuthController, SecondFactorController],
  providers: [AuthService, AuthenticationGuard, RolesGuard, SignInThrottle, Sessions, SecondFactorService],
  exports: [AuthService, AuthenticationGuard, RolesGuard, Sessions, SecondFactorService],
})
export class AuthModule {}
