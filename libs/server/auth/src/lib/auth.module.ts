import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@tiendo/server-audit';
import { UnitsModule } from '@tiendo/server-units';
import { UsersModule } from '@tiendo/server-users';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthenticationGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { LdapDirectory } from './directory/ldap-directory';
import { MappingRulesController } from './directory/mapping-rules.controller';
import { MappingRulesService } from './directory/mapping-rules.service';
import { SecondFactorController } from './second-factor/second-factor.controller';
import { SecondFactorService } from './second-factor/second-factor.service';
import { OidcController } from './oidc/oidc.controller';
import { OidcProviderClient } from './oidc/oidc-provider-client';
import { OidcSignIn } from './oidc/oidc-sign-in.service';
import { Sessions } from './sessions';
import { SignInThrottle } from './sign-in-throttle';

@Module({
  imports: [JwtModule.register({}), UsersModule, UnitsModule, AuditModule],
  controllers: [AuthController, SecondFactorController, MappingRulesController, OidcController, ApiTokensController],
  providers: [
    AuthService,
    ApiTokensService,
    AuthenticationGuard,
    RolesGuard,
    SignInThrottle,
    Sessions,
    SecondFactorService,
    LdapDirectory,
    MappingRulesService,
    OidcProviderClient,
    OidcSignIn,
  ],
  exports: [AuthService, ApiTokensService, AuthenticationGuard, RolesGuard, Sessions, SecondFactorService],
})
export class AuthModule {}
