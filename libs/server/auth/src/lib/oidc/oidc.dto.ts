import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OidcCallbackInput } from '@tiendo/contracts';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** POST /api/auth/oidc/callback: the query the provider sent the browser back with. */
export class OidcCallbackDto implements OidcCallbackInput {
  @ApiProperty({ description: "The provider's authorization code" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  code!: string;

  @ApiProperty({ description: 'The state POST /api/auth/oidc/start gave' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  state!: string;

  @ApiPropertyOptional({ description: "RFC 9207's issuer parameter, when the provider sent one" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  iss?: string;
}
