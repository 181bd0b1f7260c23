import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, ServerObject } from '@nestjs/swagger';
import { CONTRACT_SCHEMAS } from './contract-schemas.generated';
import { ERRORS_EXTENSION, type ErrorStatus, PUBLIC_EXTENSION, ROLES_EXTENSION } from './api-answer';
import { API_TOKEN_SECURITY as API_TOKEN_SCHEME } from '../actor';

/** The bearer scheme `DocumentBuilder.addBearerAuth()` declares. */
export const BEARER_SCHEME = 'bearer';

/** What each error status means here; the body is always ErrorBody, its `code` says which rule. */
const ERROR_ANSWERS: Record<ErrorStatus, string> = {
  400: 'Dữ liệu không hợp lệ: `errors` nêu từng trường (VALIDATION_FAILED, BAD_REQUEST)',
  401: 'Chưa đăng nhập, hoặc phiên đã hết hạn (UNAUTHENTICATED)',
  403: 'Không có quyền: vai trò hoặc quan hệ với đối tượng không cho phép (FORBIDDEN or a rule code)',
  404: 'Không tìm thấy, hoặc ngoài phạm vi được xem (NOT_FOUND)',
  409: 'Xung đột: giá trị đã dùng, hoặc đối tượng đã đổi từ lúc đọc (DUPLICATE, VERSION_CONFLICT, CONFLICT)',
  413: 'Nội dung gửi lên quá lớn (PAYLOAD_TOO_LARGE or a rule code)',
  415: 'Kiểu nội dung không được nhận (UNSUPPORTED_MEDIA_TYPE)',
  422: 'Vi phạm quy tắc nghiệp vụ: `code` nêu quy tắc (e.g. DEADLINE_BEFORE_ASSIGNMENT, INVALID_STATE)',
  429: 'Quá nhiều yêu cầu; Retry-After nói bao lâu (TOO_MANY_REQUESTS, SIGN_IN_THROTTLED)',
  503: 'Tạm thời không phục vụ được; thử lại sau (SERVER_BUSY, DATABASE_UNAVAILABLE, QUEUE_UNAVAILABLE, STORAGE_UNAVAILABLE)',
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

type TiendoOperation = OperationObject & { [PUBLIC_EXTENSION]?: boolean; [ROLES_EXTENSION]?: string[]; [ERRORS_EXTENSION]?: ErrorStatus[] };

const isParameter = (p: ParameterObject | ReferenceObject): p is ParameterObject => 'in' in p;

/**
 * The error statuses an operation can answer, read from its route: 401 unless public; 403 when roles restrict it;
 * 400 for any input (a path parameter is checked too: a malformed id is a 400), 404 for a path parameter (an object
 * outside the caller's scope is a 404 as well, so its existence does not leak), 413 for a body (BODY_LIMIT); plus
 * what the handler's @ApiAnswer lists (409, 422, 403 on objects…).
 */
export function errorStatuses(operation: TiendoOperation): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>(operation[ERRORS_EXTENSION] ?? []);
  const parameters = (operation.parameters ?? []).filter(isParameter);
  if (!operation[PUBLIC_EXTENSION]) statuses.add(401);
  if (operation[ROLES_EXTENSION]?.length) statuses.add(403);
  if (parameters.length || operation.requestBody) statuses.add(400);
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  if (operation.requestBody) statuses.add(413);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * What `SwaggerModule.createDocument` leaves out, added from the routes' own metadata: the contract types' schemas
 * (components.schemas; a name both a DTO and a contract type use is refused, as it would be ambiguous), the one error
 * body on every error answer (errorStatuses), `security` on every operation (bearer unless @Public, then none), the
 * roles in the description, a tag, and `servers`. Summaries come from each handler's @ApiAnswer; Redocly's lint
 * (apps/api/test/api-contract.int-spec.ts) refuses an operation without one.
 */
export function completeApiDocument(document: OpenAPIObject, servers: ServerObject[]): OpenAPIObject {
  const schemas = { ...(document.components?.schemas ?? {}) };
  for (const name of Object.keys(CONTRACT_SCHEMAS)) {
    if (schemas[name]) throw new Error(`The schema name ${name} is both a DTO and a contract type`);
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as TiendoOperation | undefined;
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      for (const status of errorStatuses(operation)) {
        const declared = responses[status] as ResponseObject | undefined;
        responses[status] = { description: declared?.description || ERROR_ANSWERS[status], content: { 'application/json': { schema: ERROR_BODY } } };
      }
      const roles = operation[ROLES_EXTENSION];
      if (roles?.length) operation.description = [operation.description, `Vai trò được phép (roles): ${roles.join(', ')}.`].filter(Boolean).join('\n\n');
      // A person's bearer token, or (where the route names a token scope, x-token-scope) an integration's API token.
      const tokenScope = (operation as unknown as Record<string, unknown>)['x-token-scope'];
      operation.security = operation[PUBLIC_EXTENSION] ? [] : [{ [BEARER_SCHEME]: [] }, ...(tokenScope ? [{ [API_TOKEN_SCHEME]: [] }] : [])];
      if (!operation.tags?.length) operation.tags = [path.split('/').filter(Boolean)[1] ?? 'api'];
      delete operation[PUBLIC_EXTENSION];
      delete operation[ROLES_EXTENSION];
      delete operation[ERRORS_EXTENSION];
    }
  }
  // The contract schemas the operations refer to, and those they refer to in turn (request types stay out: requests
  // are the DTOs').
  const pending = [...referencedSchemas(document.paths), ...Object.values(schemas).flatMap(referencedSchemas)];
  while (pending.length) {
    const name = pending.pop() as string;
    if (schemas[name] || !CONTRACT_SCHEMAS[name]) continue;
    schemas[name] = CONTRACT_SCHEMAS[name];
    pending.push(...referencedSchemas(CONTRACT_SCHEMAS[name]));
  }
  return { ...document, servers, components: { ...document.components, schemas } };
}

/** The names of the component schemas `value` refers to (`$ref: '#/components/schemas/<name>'`), at any depth. */
function referencedSchemas(value: unknown): string[] {
  const prefix = '#/components/schemas/';
  return [...JSON.stringify(value).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]).filter((ref) => ref.startsWith(prefix)).map((ref) => ref.slice(prefix.length));
}
