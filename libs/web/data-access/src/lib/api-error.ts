import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorBody, ErrorCode, FieldError } from '@tiendo/contracts';

/** A failed call as a screen sees it: the API's error body, or NETWORK when the server could not be reached. */
export type ShownError = Omit<ErrorBody, 'code'> & { code: ErrorCode | 'NETWORK' };

/** The API's one error body, or a stand-in (NETWORK, ERROR) when there is none. */
export function apiError(err: unknown): ShownError {
  if (err instanceof HttpErrorResponse && err.error && typeof err.error === 'object' && 'code' in err.error) {
    return err.error as ErrorBody;
  }
  const status = err instanceof HttpErrorResponse ? err.status : 0;
  return { statusCode: status, code: status === 0 ? 'NETWORK' : 'ERROR', message: 'Không kết nối được máy chủ', correlationId: '' };
}

/** Field errors by field name (the first segment of a dotted path), to show each beside its control. */
export function fieldErrors(body: Pick<ErrorBody, 'errors'>): Record<string, FieldError[]> {
  const byField: Record<string, FieldError[]> = {};
  for (const e of body.errors ?? []) {
    const field = e.field.split('.')[0];
    (byField[field] ??= []).push(e);
  }
  return byField;
}
