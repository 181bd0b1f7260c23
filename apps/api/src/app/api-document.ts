import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_TOKENS_DOC } from '@tiendo/server-auth';
import { API_TOKEN_SECURITY, completeApiDocument } from '@tiendo/server-core';
import { DOCUMENTS_DOC } from '@tiendo/server-documents';
import { WEBHOOKS_DOC } from '@tiendo/server-webhooks';

/**
 * The API's OpenAPI 3.0 document (served at /api/docs-json, browsed at /api/docs): Nest's document of the routes,
 * completed by completeApiDocument (contract schemas, the one error body, security, servers). Operation ids are
 * `<controller>_<method>` (tasks_list, reports_briefing): what a generated client names its calls.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Tiến Độ API')
    .setDescription(
      'Theo dõi nhiệm vụ và tiến độ: tasks, units, users, reports. Every error answer carries one body, ErrorBody; its `code` ' +
        'says which rule. Sign in at POST /api/auth/login and send the access token as `Authorization: Bearer …`.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBearerAuth()
    // Integrations (README: "API tokens", "Incoming documents", "Webhooks"): an operation a token may call names its
    // scope in `x-token-scope` and accepts this scheme besides a person's bearer token.
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token, tdk_…, with scopes and units (tag api-tokens)' }, API_TOKEN_SECURITY)
    .addTag('api-tokens', API_TOKENS_DOC)
    .addTag('documents', DOCUMENTS_DOC)
    .addTag('webhooks', WEBHOOKS_DOC)
    .build();
  const document = SwaggerModule.createDocument(app, info, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`,
  });
  // Paths start with /api: the server is the site's root, wherever it is served.
  return completeApiDocument(document, [{ url: '/', description: 'Cùng máy chủ với ứng dụng web (the web app’s origin)' }]);
}
