import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ApiTokenView, CreatedApiToken } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Roles, UuidParamPipe } from '@tiendo/server-core';
import { CreateApiTokenDto } from './api-token.dto';
import { ApiTokensService } from './api-tokens.service';

/** Shown in the OpenAPI document under the tag "api-tokens": what a token is and what each scope reaches. */
export const API_TOKENS_DOC = `An integration (the e-office system, a provincial portal, the ministry's reporting system) calls the API with
\`Authorization: Bearer tdk_…\`. A token has scopes and units and an expiry day; it is refused (401) once revoked
or expired, checked on every request. Scopes:
- \`tasks:read\`: GET /api/tasks, GET /api/tasks/{id} — only tasks led or coordinated by the token's units (each with
  its sub-units); any other task answers 404, as for a person outside the unit.
- \`documents:create\`: POST /api/documents — every task's lead unit must be one of the token's units (403
  API_TOKEN_UNIT).
- \`reports:read\`: GET /api/reports/briefing, trend, key-tasks, documents — counts as any signed-in user sees them;
  a task line names a task only when the token's units reach it.
Every other endpoint refuses a token with 403 API_TOKEN_SCOPE. Changes a token makes are recorded in the task history
with the token (\`apiToken\`) beside the admin who created it.`;

/** Admin only (a token never reaches it: it declares no token scope). */
@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('admin/api-tokens')
@Roles('admin')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  /**
   * Creates a token; 201 with `token`, its secret, shown this once. 400 VALIDATION_FAILED: UNKNOWN_UNIT on
   * `unitCodes.<i>`, EXPIRY_TOO_FAR on `expiresOn`, or a malformed field.
   */
  @Post()
  @ApiAnswer('CreatedApiToken', { summary: 'Tạo mã truy cập API cho một hệ thống (mã chỉ hiện một lần)', description: API_TOKENS_DOC, status: 201 })
  create(@CurrentActor() admin: Actor, @Body() dto: CreateApiTokenDto): Promise<CreatedApiToken> {
    return this.tokens.create(dto, admin);
  }

  /** Every token, newest first: name, prefix, scopes, units, expiry, last use, state. Never a secret. */
  @Get()
  @ApiAnswer.list('ApiTokenView', { summary: 'Các mã truy cập API và lần dùng gần nhất' })
  list(): Promise<ApiTokenView[]> {
    return this.tokens.list();
  }

  /** Revokes at once: the token's next request is refused (401). 404 for an unknown id. */
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiAnswer('ApiTokenView', { summary: 'Thu hồi mã truy cập API (có hiệu lực ngay)' })
  revoke(@CurrentActor() admin: Actor, @Param('id', UuidParamPipe) id: string): Promise<ApiTokenView> {
    return this.tokens.revoke(id, admin);
  }
}
