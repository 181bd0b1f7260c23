import { ApiProperty } from '@nestjs/swagger';
import { API_TOKEN_SCOPES, type ApiTokenScope, type CreateApiTokenRequest } from '@tiendo/contracts';
import { IsLocalDate } from '@tiendo/server-core';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** POST /api/admin/api-tokens. */
export class CreateApiTokenDto implements CreateApiTokenRequest {
  @ApiProperty({ example: 'Văn phòng điện tử (e-office)', maxLength: 120 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name!: string;

  @ApiProperty({ enum: API_TOKEN_SCOPES, isArray: true, example: ['documents:create', 'tasks:read'], description: 'What the token may do; see the tag "api-tokens"' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_TOKEN_SCOPES, { each: true })
  scopes!: ApiTokenScope[];

  @ApiProperty({ example: ['VPB'], description: 'Codes of the units the token may touch; each with its sub-units' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  unitCodes!: string[];

  @ApiProperty({ example: '2027-06-30', description: 'The last calendar day (Asia/Ho_Chi_Minh) the token works; at most API_TOKEN_MAX_DAYS ahead' })
  @IsLocalDate()
  expiresOn!: string;
}
