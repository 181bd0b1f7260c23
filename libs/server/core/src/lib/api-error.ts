import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError } from '@tiendo/contracts';

/** An expected failure with its HTTP status, machine code and (for input errors) the fields concerned. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message, status);
  }
}

export const validationFailed = (errors: FieldError[], message = 'Dữ liệu không hợp lệ (invalid input)') =>
  new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, errors);

/** Also the answer for objects outside the caller's scope, so that their existence does not leak. */
export const notFound = (what = 'Resource') => new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} not found`);

export const forbidden = (message = 'You may not do this') => new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);

/** The object changed since the client read it: reload and try again. Nothing was written. */
export const versionConflict = () =>
  new ApiError(HttpStatus.CONFLICT, 'VERSION_CONFLICT', 'The task was changed by someone else; reload it and try again');

export const duplicate = (field: string, message: string) =>
  new ApiError(HttpStatus.CONFLICT, 'DUPLICATE', message, [{ field, message }]);

/** A well-formed request that the object's current state does not allow (completing a cancelled task…). */
export const invalidState = (message: string, field?: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_STATE', message, field ? [{ field, message }] : undefined);
