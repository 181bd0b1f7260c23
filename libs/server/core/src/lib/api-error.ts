import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorCode, FieldError } from '@tiendo/contracts';
import { ERROR_ENTRIES, errorMessage } from './error-messages';

/**
 * An expected failure with its HTTP status, machine code (one of ERROR_CODES) and (for input errors) the fields
 * concerned. The message is Vietnamese: prefer `refuse(code)`, which takes it from the one table of messages.
 */
export class ApiError extends HttpException {
  /** Set by the access policy's refusals (`outOfScope`, `refusedOn`): the object refused, for the security events. */
  refusedObject?: RefusedObject;

  constructor(
    status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message, status);
  }
}

/** An object the access policy refused to a caller: its kind and id (a task's uuid, a unit's code…). */
export interface RefusedObject {
  kind: 'task' | 'user' | 'unit' | 'report_obligation';
  id: string;
}

/** What a throw site adds to a code: the field it concerns, values for the message, response headers. */
export interface RefuseOptions {
  /** The input field the rule concerns: the body then lists it with `rule: code`, so a form shows it beside the field. */
  field?: string;
  /** Values for the message's `{name}` placeholders (a unit code, a limit…). */
  params?: Record<string, string | number>;
  headers?: Record<string, string>;
}

/**
 * THE way to refuse a request for a rule with its own code: status and Vietnamese message from ERROR_ENTRIES.
 * A field-only rule (UNKNOWN_UNIT, TASK_CODE_TAKEN…) answers its family's code (VALIDATION_FAILED, DUPLICATE) and
 * names itself as the field's `rule`; any other answers its own code.
 *
 * @example throw refuse('DEADLINE_BEFORE_ASSIGNMENT', { field: 'deadline' }) // 422, code DEADLINE_BEFORE_ASSIGNMENT
 * @example throw refuse('UNKNOWN_UNIT', { field: 'unitCode', params: { code } }) // 400, code VALIDATION_FAILED
 */
export function refuse(code: ErrorCode, options: RefuseOptions = {}): ApiError {
  const entry = ERROR_ENTRIES[code];
  const message = errorMessage(code, options.params);
  const errors = options.field ? [{ field: options.field, message, rule: code }] : undefined;
  return new ApiError(entry.status, entry.family ?? code, message, errors, options.headers);
}

/** One field's broken rule, for `validationFailed([...])` when several fields are refused at once. */
export function fieldError(field: string, code: ErrorCode, params?: Record<string, string | number>): FieldError {
  return { field, message: errorMessage(code, params), rule: code };
}

/** 400 with every field's problem (each message Vietnamese, each with its `rule`). */
export const validationFailed = (errors: FieldError[], message = errorMessage('VALIDATION_FAILED')) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, errors);

/** The objects a 404 may name, in the words of its Vietnamese message. */
const NOT_FOUND_WORDS = {
  Resource: 'dữ liệu yêu cầu',
  Task: 'nhiệm vụ',
  'Extension request': 'đề nghị gia hạn',
  'Source document': 'văn bản',
  User: 'người dùng',
  Unit: 'đơn vị',
  Holiday: 'ngày nghỉ',
  Notification: 'thông báo',
  'Failed delivery': 'thư gửi lỗi',
  Attachment: 'tệp đính kèm',
  'Saved filter': 'bộ lọc đã lưu',
  'Report obligation': 'chế độ báo cáo',
  'Mapping rule': 'quy tắc ánh xạ',
  'API token': 'mã truy cập (API token)',
  'Webhook subscription': 'đăng ký nhận sự kiện (webhook)',
  'Webhook delivery': 'lần gửi sự kiện (webhook)',
} as const;
export type NotFoundSubject = keyof typeof NOT_FOUND_WORDS;

/** Also the answer for objects outside the caller's scope, so that their existence does not leak. */
export const notFound = (what: NotFoundSubject = 'Resource') => refuse('NOT_FOUND', { params: { what: NOT_FOUND_WORDS[what] } });

/**
 * 403 FORBIDDEN. `message` must be Vietnamese (a test reads every call); a refusal that is a rule of the product
 * rather than a missing right has its own code: use `refuse(code)`.
 */
export const forbidden = (message = errorMessage('FORBIDDEN')) => new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);

/** The object changed since the client read it: reload and try again. Nothing was written. */
export const versionConflict = () => refuse('VERSION_CONFLICT');

/** 409 DUPLICATE; `message` must be Vietnamese. Prefer `refuse(code, { field })` with the rule's own code (USERNAME_TAKEN…). */
export const duplicate = (field: string, message: string, rule?: ErrorCode) =>
  new ApiError(HttpStatus.CONFLICT, 'DUPLICATE', message, [{ field, message, ...(rule ? { rule } : {}) }]);

/**
 * 422 INVALID_STATE, for a state rule that has no code yet; `message` must be Vietnamese. Prefer
 * `refuse(code, { field })`: the web app translates a rule's own code, not this family.
 */
export const invalidState = (message: string, field?: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_STATE', message, field ? [{ field, message }] : undefined);
