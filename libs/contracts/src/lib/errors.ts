/** One field's problem, as `field` (dotted path for nested input) and a readable message. */
export interface FieldError {
  field: string;
  message: string;
  /** The rule that failed (class-validator's constraint name, e.g. isNotEmpty, maxLength), for a translated message. */
  rule?: string;
  /** Import errors: the row and column of the bad cell in the uploaded register. */
  row?: number;
  column?: string;
}

/** The one error body every 4xx and 5xx answer carries. */
export interface ErrorBody {
  statusCode: number;
  /** Machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, VERSION_CONFLICT, INVALID_STATE. */
  code: string;
  message: string;
  errors?: FieldError[];
  /** Quote this when reporting a problem; the server log has the same id. */
  correlationId: string;
}
