import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@tiendo/contracts';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isLocalDate, isYearMonth, SUPPORTED_YEARS } from '@tiendo/domain';
import { buildMessage, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { fieldError, validationFailed } from './api-error';
import { VIETNAMESE_LETTER } from './error-messages';

/**
 * Vietnamese messages for class-validator's rules. Its own messages are English ("title should not be empty"); the
 * limit a rule names is read from the end of that message (`(\d+) characters`), so the Vietnamese says it too.
 * A rule missing here, whose message is not already Vietnamese (a DTO's own `message`), answers GENERIC_RULE.
 */
const RULE_MESSAGES: Record<string, { limit?: RegExp; vi: (limit: string) => string }> = {
  isNotEmpty: { vi: () => 'Không được để trống' },
  isDefined: { vi: () => 'Không được để trống' },
  isString: { vi: () => 'Phải là văn bản' },
  maxLength: { limit: /(\d+) characters$/, vi: (n) => `Không được dài quá ${n} ký tự` },
  minLength: { limit: /(\d+) characters$/, vi: (n) => `Phải có ít nhất ${n} ký tự` },
  min: { limit: /(-?[\d.]+)$/, vi: (n) => `Không được nhỏ hơn ${n}` },
  max: { limit: /(-?[\d.]+)$/, vi: (n) => `Không được lớn hơn ${n}` },
  isInt: { vi: () => 'Phải là số nguyên' },
  isNumber: { vi: () => 'Phải là một số' },
  isIn: { limit: /values: (.*)$/, vi: (values) => `Phải là một trong các giá trị: ${values}` },
  isBoolean: { vi: () => 'Phải là true hoặc false' },
  isUuid: { vi: () => 'Phải là một mã định danh (UUID) hợp lệ' },
  isEmail: { vi: () => 'Địa chỉ thư điện tử không hợp lệ' },
  isArray: { vi: () => 'Phải là một danh sách' },
  arrayMaxSize: { limit: /(\d+) elements$/, vi: (n) => `Không được chọn quá ${n} mục` },
  arrayUnique: { vi: () => 'Các giá trị không được trùng nhau' },
  matches: { vi: () => 'Sai định dạng' },
  whitelistValidation: { vi: () => 'Trường này không được phép gửi' },
  unknownValue: { vi: () => 'Dữ liệu gửi lên không hợp lệ' },
  nestedValidation: { vi: () => 'Phải là một đối tượng hợp lệ' },
  isObject: { vi: () => 'Phải là một đối tượng' },
};
const GENERIC_RULE = 'Giá trị không hợp lệ';

/**
 * One rule's message in Vietnamese: a DTO's own Vietnamese message as written, else the rule's Vietnamese with the
 * limit its English message named, else GENERIC_RULE. Exported for its test.
 */
export function vietnameseRuleMessage(rule: string, message: string): string {
  if (VIETNAMESE_LETTER.test(message)) return message;
  const known = RULE_MESSAGES[rule];
  if (!known) return GENERIC_RULE;
  const limit = known.limit ? known.limit.exec(message)?.[1] : '';
  return limit === undefined ? GENERIC_RULE : known.vi(limit);
}

/** A required field left out (or sent as null) whose rules do not include a presence rule of their own. */
const MISSING_FIELD = 'Thiếu trường bắt buộc';

/** The rules that say a value is there; when the value is missing, only these describe what is wrong. */
const PRESENCE_RULES = new Set(['isDefined', 'isNotEmpty']);

/**
 * The constraints to report for one property. A missing value (undefined or null) of a required field fails every
 * rule on it, in whatever order the decorators list them ("Không được dài quá 100 ký tự" for an absent name): it is
 * reported as missing only: its own presence rule (`isDefined` / `isNotEmpty`) if it has one, else rule `isDefined`
 * with MISSING_FIELD ("Thiếu trường bắt buộc"). Unknown fields (whitelistValidation) keep their rule. A present value keeps
 * every rule it broke. Exported for its test.
 */
export function reportedConstraints(value: unknown, constraints: Record<string, string>): Array<[string, string]> {
  const all = Object.entries(constraints);
  if (value !== undefined && value !== null) return all;
  if (all.length === 0 || all.some(([rule]) => rule === 'whitelistValidation' || rule === 'unknownValue')) return all;
  const presence = all.filter(([rule]) => PRESENCE_RULES.has(rule));
  return presence.length > 0 ? presence : [['isDefined', MISSING_FIELD]];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = reportedConstraints(e.value, e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message: vietnameseRuleMessage(rule, message) }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Whitelist and refuse unknown fields; field errors in the one error shape, each with its rule (class-validator's
 * constraint name) and a Vietnamese message. No implicit conversion: query DTOs convert explicitly (implicit
 * conversion reads 'false' as true).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    // value: read by reportedConstraints only (a missing value reported as missing); never sent back to the caller.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

/** Depth of a parsed JSON value, iteratively (a recursive walk would be the stack overflow we guard against). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) max = depth;
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return max;
}

export const MAX_BODY_DEPTH = 12;

/** Fastify `preValidation` hook: refuses deeply nested bodies before validation, which would otherwise recurse until a 500. */
export function rejectDeepBodies(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const body = request.body;
  if (body && typeof body === 'object' && jsonDepth(body) > MAX_BODY_DEPTH) {
    done(validationFailed([fieldError('(body)', 'BODY_TOO_DEEP', { max: MAX_BODY_DEPTH })]));
    return;
  }
  done();
}

/**
 * THE validator of days and months: every day (`YYYY-MM-DD`) and month (`YYYY-MM`) a query or a body sends is checked
 * by `IsLocalDate` or `IsYearMonth`, within the supported years (SUPPORTED_YEARS in libs/domain, 1900–2999), which
 * the message names. Outside them the date arithmetic and PostgreSQL's dates would fail (a 500), not the caller.
 */
export const LOCAL_DATE_MESSAGE = `Phải là một ngày có thật trong khoảng 01/01/${SUPPORTED_YEARS.first} – 31/12/${SUPPORTED_YEARS.last}, viết theo dạng YYYY-MM-DD`;
export const YEAR_MONTH_MESSAGE = `Tháng phải trong khoảng 01/${SUPPORTED_YEARS.first} – 12/${SUPPORTED_YEARS.last}, viết theo dạng YYYY-MM`;

/** A real calendar day written YYYY-MM-DD within the supported years (2026-02-30 and 9999-12-31 are refused). */
export function IsLocalDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value: unknown) => isLocalDate(value),
        defaultMessage: buildMessage(() => LOCAL_DATE_MESSAGE, options),
      },
    },
    options,
  );
}

/** A month written YYYY-MM within the supported years (2026-13 and 9999-12 are refused); rule `isYearMonth`. */
export function IsYearMonth(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isYearMonth',
      validator: {
        validate: (value: unknown) => isYearMonth(value),
        defaultMessage: buildMessage(() => YEAR_MONTH_MESSAGE, options),
      },
    },
    options,
  );
}

/**
 * The field may be left out, but not sent as null (class-validator's @IsOptional lets null through, and a null
 * title would reach the database as a NOT NULL violation). Use @IsOptional only where null means something.
 */
export const MayBeOmitted = () => ValidateIf((_object, value) => value !== undefined);
