import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import type { Page } from '@tiendo/contracts';
import { CONTRACT_SCHEMAS, type ContractTypes } from './contract-schemas.generated';

/** A contract type's name (libs/contracts, and the few domain types the web app reads): see contract-roots.ts. */
export type ContractName = keyof ContractTypes;
/** One object, a list of them, or a page of them (`{ items, total }`). */
export type AnswerShape = 'one' | 'list' | 'page';
/** Error answers an operation may give beyond those complete-api-document.ts derives from its route. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** Set by @Public() (actor.ts): reachable without signing in. */
export const PUBLIC_EXTENSION = 'x-tiendo-public';
/** Set by @Roles() (actor.ts): the roles the route admits. */
export const ROLES_EXTENSION = 'x-tiendo-roles';
/** Where the operation's error statuses beyond the derived ones travel to complete-api-document.ts. */
export const ERRORS_EXTENSION = 'x-tiendo-errors';

export interface AnswerOptions {
  /** One line, Vietnamese first (the operation's name in a client's documentation). */
  summary: string;
  /** More: rules, units, the codes of its refusals (English is fine). */
  description?: string;
  /** The success status: 200 unless the handler says @HttpCode or it creates (201). */
  status?: 200 | 201 | 202;
  /** Statuses of its refusals that the route does not show (409 DUPLICATE, 422 rules, 413…). */
  errors?: ErrorStatus[];
}

type Shaped<K extends ContractName, S extends AnswerShape> = S extends 'list' ? ContractTypes[K][] : S extends 'page' ? Page<ContractTypes[K]> : ContractTypes[K];

/**
 * A method decorator that type-checks the handler it decorates: its declared answer must be assignable to `T` (a
 * handler decorated `@ApiAnswer('TaskView')` that returns `Promise<UnitView>` does not compile), so the document
 * cannot say one type while the handler answers another.
 */
export type CheckedAnswer<T> = <M extends (...args: never[]) => T | Promise<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

const ref = (name: ContractName | 'ContractPage'): SchemaObject => {
  if (!CONTRACT_SCHEMAS[name]) throw new Error(`No contract schema ${name}: run node tools/openapi/contract-schemas.mjs`);
  return { $ref: `#/components/schemas/${name}` } as SchemaObject;
};

/** The schema of an answer of `shape` of contract type `name`: a page is ContractPage with its items typed. */
export function answerSchema(name: ContractName, shape: AnswerShape): SchemaObject {
  if (shape === 'list') return { type: 'array', items: ref(name) };
  if (shape === 'page') {
    const page = CONTRACT_SCHEMAS['ContractPage'];
    return { ...page, properties: { ...page.properties, items: { type: 'array', items: ref(name) } } };
  }
  return ref(name);
}

function operation(options: AnswerOptions) {
  return [
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ...(options.errors?.length ? [ApiExtension(ERRORS_EXTENSION, options.errors)] : []),
  ];
}

function answer<K extends ContractName, S extends AnswerShape>(type: K, shape: S, options: AnswerOptions): CheckedAnswer<Shaped<K, S>> {
  const status = options.status ?? 200;
  return applyDecorators(
    ...operation(options),
    ApiResponse({ status, description: status === 201 ? 'Đã tạo (created)' : 'OK', content: { 'application/json': { schema: answerSchema(type, shape) } } }),
  ) as CheckedAnswer<Shaped<K, S>>;
}

/**
 * The operation's documentation: a summary, its success answer typed by a contract type, and the error answers its
 * route does not show (the rest are derived from the route: complete-api-document.ts). The handler's declared answer
 * is checked against the type at compile time (CheckedAnswer). `ApiAnswer.list`, `ApiAnswer.page` for many.
 *
 *     @ApiAnswer('TaskDetailView', { summary: 'Chi tiết nhiệm vụ' })
 */
export function ApiAnswer<K extends ContractName>(type: K, options: AnswerOptions): CheckedAnswer<ContractTypes[K]> {
  return answer(type, 'one', options);
}

/** An array of `type`. */
ApiAnswer.list = <K extends ContractName>(type: K, options: AnswerOptions): CheckedAnswer<ContractTypes[K][]> => answer(type, 'list', options);

/** A page of `type`: `{ items, total }` (ContractPage). */
ApiAnswer.page = <K extends ContractName>(type: K, options: AnswerOptions): CheckedAnswer<Page<ContractTypes[K]>> => answer(type, 'page', options);

/** An operation that answers 204 with no body (the handler says @HttpCode(204)). */
ApiAnswer.empty = (options: AnswerOptions): CheckedAnswer<void> =>
  applyDecorators(...operation(options), ApiResponse({ status: 204, description: 'Xong, không có nội dung (no content)' })) as CheckedAnswer<void>;

/** A file download: the bytes in one of `contentTypes`, named by Content-Disposition. */
ApiAnswer.file = (contentTypes: string[], options: AnswerOptions): MethodDecorator =>
  applyDecorators(
    ...operation(options),
    ApiResponse({
      status: options.status ?? 200,
      description: 'The file (Content-Disposition: attachment; filename=…)',
      content: Object.fromEntries(contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );

/** Server-sent events (text/event-stream), each event's `data` one `type` as JSON. */
ApiAnswer.events = <K extends ContractName>(type: K, options: AnswerOptions): MethodDecorator =>
  applyDecorators(
    ...operation(options),
    ApiResponse({
      status: 200,
      description: `Server-sent events; each event's data is a ${type} as JSON`,
      content: { 'text/event-stream': { schema: { type: 'string', description: `data: ${type} (JSON), one per event` } } },
    }),
  );

/**
 * A handler that sends the JSON text of a `type` it has already serialised (a body the service writes as text):
 * typed in the document, not checked at compile time.
 */
ApiAnswer.serialised = <K extends ContractName>(type: K, options: AnswerOptions): MethodDecorator =>
  applyDecorators(
    ...operation(options),
    ApiResponse({ status: options.status ?? 200, description: 'OK', content: { 'application/json': { schema: answerSchema(type, 'one') } } }),
  );

/** Summary and errors only: the answer is documented by a library's own decorator (terminus' @HealthCheck). */
ApiAnswer.described = (options: AnswerOptions): MethodDecorator => applyDecorators(...operation(options));
