import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorBody, FieldError } from '@tiendo/contracts';

/** The API's one error body, or a stand-in when the server could not be reached. */
export function apiError(err: unknown): ErrorBody {
  if (err instanceof HttpErrorResponse && err.error && typeof err.error === 'object' && 'code' in err.error) {
    return err.error as ErrorBody;
  }
  const status = err instanceof HttpErrorResponse ? err.status : 0;
  return { statusCode: status, code: status === 0 ? 'NETWORK' : 'ERROR', message: 'Không kết nối được máy chủ', correlationId: '' };
}

/** Field errors by field name (the first segment of a dotted path), to show each beside its control. */
export function fieldErrors(body: ErrorBody): Record<string, FieldError[]> {
  const byField: Record<string, FieldError[]> = {};
  for (const e of body.errors ?? []) {
    const field = e.field.split('.')[0];
    (byField[field] ??= []).push(e);
  }
  return byField;
}
