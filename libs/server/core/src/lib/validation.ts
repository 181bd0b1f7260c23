import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@tiendo/contracts';
import type { NextFunction, Request, Response } from 'express';
import { isLocalDate } from '@tiendo/domain';
import { buildMessage, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { validationFailed } from './api-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Whitelist and refuse unknown fields; field errors in the one error shape. No implicit conversion: query DTOs
 * convert explicitly (implicit conversion reads 'false' as true).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
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

/** Refuses deeply nested bodies before validation, which would otherwise recurse until a 500. */
export function rejectDeepBodies(req: Request, _res: Response, next: NextFunction): void {
  if (req.body && typeof req.body === 'object' && jsonDepth(req.body) > MAX_BODY_DEPTH) {
    next(validationFailed([{ field: '(body)', message: `nested deeper than ${MAX_BODY_DEPTH} levels` }]));
    return;
  }
  next();
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
export function IsLocalDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value: unknown) => isLocalDate(value),
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be a real date written YYYY-MM-DD`, options),
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
