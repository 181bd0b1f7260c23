/**
 * Every code the API answers in `ErrorBody.code`, and the business rules a field error names in its `rule`. The
 * server gives each its Vietnamese message (`libs/server/core/src/lib/error-messages.ts`); the web app translates
 * by code (`errors.code.<CODE>` in its Vietnamese and English catalogues), so a code, once published, keeps its
 * meaning. HTTP status in brackets.
 *
 * - Families: a failure that is not one named rule.
 * - Rules of the product: `code` itself for a refused action (422, 403), and a field error's `rule` too when the
 *   rule concerns one field. Field-only rules (unknown unit…) answer `code` VALIDATION_FAILED (400) or DUPLICATE
 *   (409) with the rule on the field.
 */
export const ERROR_CODES = [
  // Families
  'VALIDATION_FAILED', // [400] input broke a field rule; `errors` lists each field with its rule
  'BAD_REQUEST', // [400] the request itself is malformed (not JSON…)
  'UNAUTHENTICATED', // [401]
  'FORBIDDEN', // [403] the caller's role or relation to the object does not allow it
  'NOT_FOUND', // [404] also for objects outside the caller's scope, so that their existence does not leak
  'METHOD_NOT_ALLOWED', // [405]
  'CONFLICT', // [409]
  'VERSION_CONFLICT', // [409] the object changed since the client read it; nothing written
  'DUPLICATE', // [409] a unique value already used; the field's rule says which
  'PAYLOAD_TOO_LARGE', // [413]
  'HEADERS_TOO_LARGE', // [431] the request's headers (cookies…) are over the server's limit; refused before any route
  'REQUEST_TIMEOUT', // [408] the request's headers or body did not arrive in time
  'UNSUPPORTED_MEDIA_TYPE', // [415]
  'INVALID_STATE', // [422] a state rule not yet given its own code (kept for older callers)
  'IMPORT_INVALID', // [422] a register with bad cells; `errors` lists them by row and column
  'IMPORT_TOO_LARGE', // [413] a register past a limit (rows, unpacked size, compression ratio); `errors[0].rule` says which
  'IMPORT_NEW_DOCUMENTS', // [422] a register naming source documents not yet known, not confirmed; `errors` lists them
  'TOO_MANY_REQUESTS', // [429]
  'SIGN_IN_THROTTLED', // [429] too many wrong passwords (sign-in or change-password) for this account or address; Retry-After says how long
  'INTERNAL_ERROR', // [500]
  'QUEUE_UNAVAILABLE', // [503] Redis does not answer (admin queue view)
  'SERVER_BUSY', // [503] too many password checks waiting (a flood of sign-ins), every database connection busy, or a statement past its time limit; Retry-After says when to retry
  'DATABASE_UNAVAILABLE', // [503] PostgreSQL cannot be reached or refuses connections (down, restarting, closed to connections); Retry-After says when to retry
  // Single sign-on (OpenID Connect: libs/server/auth/src/lib/oidc)
  'OIDC_NOT_CONFIGURED', // [422] OIDC_ISSUER unset: no sign-in through the ministry's provider here (also field signInMethod `oidc`)
  'OIDC_PROVIDER_UNAVAILABLE', // [503] the provider does not answer (discovery, token or userinfo endpoint)
  'OIDC_SIGN_IN_FAILED', // [401] the provider refused the code, or its tokens failed a check (signature, nonce, PKCE…)
  'OIDC_STATE_INVALID', // [400 VALIDATION_FAILED] field state: unknown, already used or expired sign-in; start again
  'OIDC_ACCOUNT_NOT_ALLOWED', // [403] the provider's user is known here but signs in another way, is deactivated, or no mapping rule admits them
  'ERROR', // any other status
  // Tasks: assigning and editing
  'LEAD_UNIT_OUT_OF_SCOPE', // [403] a unit head assigns or moves a task only within their unit and its sub-units
  'ASSIGNED_ON_IN_FUTURE', // [422] field assignedOn
  'ASSIGNED_ON_BEFORE_MONTH', // [422] field assignedOn: entered by hand means assigned this month
  'DEADLINE_BEFORE_ASSIGNMENT', // [422] field deadline
  'UNIT_INACTIVE', // [422] field leadUnitCode
  'ASSIGNEE_INACTIVE', // [422] field assigneeId
  'ASSIGNEE_OUTSIDE_UNIT', // [422] field assigneeId: the lead unit or one of its sub-units
  'TASK_CODE_TAKEN', // [409 DUPLICATE] field code
  'UNKNOWN_UNIT', // [400 VALIDATION_FAILED] leadUnitCode, coordinatingUnitCodes, unitCode, parentCode, unit
  'UNKNOWN_USER', // [400 VALIDATION_FAILED] assigneeId
  'UNKNOWN_DOCUMENT', // [400 VALIDATION_FAILED] sourceDocumentId
  'LEAD_UNIT_COORDINATING', // [400 VALIDATION_FAILED] coordinatingUnitCodes
  'OVERSIGHT_LEADERS_ONLY', // [422] only a leader (role leader) oversees a set of units
  // Tasks: following and closing
  'TASK_ALREADY_COMPLETED', // [422] progress, complete, cancel, extension on a completed task
  'TASK_CANCELLED', // [422] progress, complete, cancel, extension, return on a cancelled task
  'TASK_NOT_COMPLETED', // [422] return for redo of a task not completed
  'TASK_ALREADY_OPEN', // [422] reopen of an open task
  'TASK_HAS_NO_DEADLINE', // [422] extension of a standing task
  'EXTENSION_NOT_LATER', // [422] field newDeadline: not after the deadline in force
  'EXTENSION_ALREADY_PENDING', // [422] one request waits for a decision already
  'EXTENSION_ALREADY_DECIDED', // [422]
  'OWN_EXTENSION_DECISION', // [403] nobody decides their own extension request
  // Sub-tasks (libs/server/tasks/src/lib/sub-tasks.ts)
  'UNKNOWN_PARENT_TASK', // [400 VALIDATION_FAILED] field parentTaskId: no such task, or one the caller may not read
  'SUBTASK_OF_SUBTASK', // [422] field parentTaskId: sub-tasks go one level deep
  'PARENT_TASK_CLOSED', // [422] field parentTaskId: the parent is completed or cancelled
  'SUBTASK_NOT_ALLOWED', // [403] field parentTaskId: only whoever manages the parent, or the unit head it is assigned to, splits it
  'SUBTASK_UNIT_OUTSIDE_PARENT', // [422] field leadUnitCode: the parent's lead unit or one of its sub-units
  'SUBTASK_DEADLINE_AFTER_PARENT', // [422] field deadline (newDeadline, approve for extensions): a sub-task ends no later than its parent, a parent no earlier than its open sub-tasks
  'SUBTASKS_OPEN', // [422] field openSubTasks: completing a parent with open sub-tasks needs openSubTasks 'complete' or 'cancel'
  'SUBTASKS_NOT_YOURS', // [403] field openSubTasks: the caller may not complete (or cancel) these open sub-tasks themselves, so not with the parent either
  'SUBTASKS_NEED_FILE', // [422] field openSubTasks: these open sub-tasks need an evidence file to be completed; report each one's completion with its file, or cancel them
  'PARENT_TASK_OVERDUE', // [422] field parentTaskId: an overdue task is not split; its deadline is extended or corrected first
  // Task lists and reports
  'CATEGORY_NEEDS_PERIOD', // [400 VALIDATION_FAILED] field category
  'PERIOD_RANGE_INCOMPLETE', // [400 VALIDATION_FAILED] periodFrom, periodTo
  'PERIOD_AMBIGUOUS', // [400 VALIDATION_FAILED] period
  'MONTH_RANGE_REVERSED', // [400 VALIDATION_FAILED] field to: a month range (the trend) ending before it starts
  'MONTH_OR_RANGE', // [400 VALIDATION_FAILED] field month
  'MONTH_RANGE_TOO_LONG', // [400 VALIDATION_FAILED] field to
  'DAY_RANGE_REVERSED', // [400 VALIDATION_FAILED] field to: a day range ending before it starts (security events, reports' from/to)
  'EXPORT_TOO_LARGE', // [422] field (query): the filtered list has more tasks than one export holds (EXPORT_MAX_ROWS)
  'SAVED_FILTER_NAME_TAKEN', // [409 DUPLICATE] field name: the user has a saved filter of that name
  'SAVED_FILTER_INVALID', // [400 VALIDATION_FAILED] field query: not a filter the task list accepts
  // Administration
  'UNIT_CODE_TAKEN', // [409 DUPLICATE] field code
  'UNIT_MOVE_CYCLE', // [422] field parentCode
  'USERNAME_TAKEN', // [409 DUPLICATE] field username
  'LAST_ADMIN', // [422] field role or active
  'LAST_LOCAL_ADMIN', // [422] field signInMethod: the last active admin signing in with the product's password stays local
  // Directory sign-in (libs/server/auth/src/lib/directory)
  'DIRECTORY_UNAVAILABLE', // [503] the directory (LDAP / AD) does not answer or times out: a directory user cannot sign in now; local users can
  'DIRECTORY_NO_MAPPING', // [403] the directory account matched no mapping rule giving a unit: an admin adds one
  'DIRECTORY_NOT_CONFIGURED', // [422] field signInMethod: `directory` needs LDAP_URL
  'MAPPING_RULE_ATTRIBUTE', // [400 VALIDATION_FAILED] field attribute: named for source `attribute`, absent for `group`
  'MAPPING_RULE_EMPTY', // [400 VALIDATION_FAILED] field unitCode: a rule gives a unit, a role or both
  'MAPPING_RULE_ORDER', // [400 VALIDATION_FAILED] field ids: the new order lists every rule exactly once
  'DOCUMENT_NUMBER_TAKEN', // [409 DUPLICATE] field number
  'HOLIDAY_TAKEN', // [409 DUPLICATE] field date
  // Units that merge and split (libs/server/unit-changes)
  'UNIT_CHANGE_IN_FUTURE', // [422] field effectiveAt: a merge or split is recorded on or after its effective day, not scheduled ahead
  'UNIT_CHANGE_BEFORE_MONTH', // [422] field effectiveAt: an ended month is what leadership was told; the day is in the current month
  'UNIT_HAS_SUBUNITS', // [422] field sourceUnitCodes / sourceUnitCode: an active sub-unit is moved or merged first
  'UNIT_CHANGE_SUCCESSOR_INVALID', // [400 VALIDATION_FAILED] a successor that is a source, under a source, or inactive
  'UNIT_CHANGE_SUCCESSOR_CHOICE', // [400 VALIDATION_FAILED] field successorUnitCode: exactly one of successorUnitCode and newSuccessorUnit
  'UNIT_CHANGE_TASK_NOT_IN_SOURCE', // [400 VALIDATION_FAILED] field tasks.<i>.taskId: not an open task the split unit leads
  'UNIT_CHANGE_USER_NOT_IN_SOURCE', // [400 VALIDATION_FAILED] field users.<i>.userId: not a user of the split unit
  'UNIT_CHANGE_UNKNOWN_SUCCESSOR', // [400 VALIDATION_FAILED] field tasks.<i>.successorCode, users.<i>.successorCode, defaultSuccessorCode: not one of the split's successors
  // Reporting obligations (libs/server/report-obligations)
  'OBLIGATION_END_BEFORE_REPORTS', // [422] field endsOn: before the cut-off of the latest period that already has report tasks
  // Passwords (libs/server/users/src/lib/password-policy.ts): field password or newPassword
  'PASSWORD_TOO_SHORT', // [400 VALIDATION_FAILED]
  'PASSWORD_TOO_LONG', // [400 VALIDATION_FAILED]
  'PASSWORD_TOO_COMMON', // [400 VALIDATION_FAILED] breached, common or easily guessed (zxcvbn score below 3)
  'PASSWORD_CONTAINS_NAME', // [400 VALIDATION_FAILED] contains the username or the full name
  'CURRENT_PASSWORD_WRONG', // [400 VALIDATION_FAILED] field currentPassword: the password typed as the current one is not
  // Second factor (TOTP; libs/server/auth/src/lib/second-factor)
  'SECOND_FACTOR_CODE_WRONG', // [400 VALIDATION_FAILED] field code: not the authenticator's current code (±30 s), already used, or not an unused recovery code
  'SECOND_FACTOR_CHALLENGE_INVALID', // [401] the sign-in challenge is expired (5 minutes), forged, or for another step: type the password again
  'SECOND_FACTOR_ALREADY_ENROLLED', // [422] an authenticator is enrolled already: turn it off (or have an admin reset it) first
  'SECOND_FACTOR_NOT_ENROLLED', // [422] no authenticator enrolled (or no enrolment started, for a confirmation)
  'SECOND_FACTOR_REQUIRED', // [422] the role must keep a second factor (MFA_REQUIRED_ROLES): it cannot be turned off
  // Input
  'BODY_TOO_DEEP', // [400 VALIDATION_FAILED] field (body)
  // Notification preferences (libs/server/notifications)
  'UNKNOWN_EVENT_KIND', // [400 VALIDATION_FAILED] field preferences.<kind>: not one of TASK_EVENT_KINDS
  'UNKNOWN_DELIVERY', // [400 VALIDATION_FAILED] field preferences.<kind>: not one of NOTIFICATION_DELIVERIES
  // Files on tasks (libs/server/attachments)
  'ATTACHMENT_TOO_LARGE', // [413] field file: larger than ATTACHMENT_MAX_MB
  'ATTACHMENT_TYPE_NOT_ALLOWED', // [422] field file: the content is not an allowed type, or the name's extension disagrees with it
  'ATTACHMENT_LIMIT_REACHED', // [422] field file: the task has ATTACHMENTS_PER_TASK files already
  'ATTACHMENT_NAME_INVALID', // [400 VALIDATION_FAILED] field file: an empty name, control or direction-changing characters
  'ATTACHMENT_NAME_TOO_LONG', // [400 VALIDATION_FAILED] field file: a name longer than 255 characters (after NFC)
  'ATTACHMENT_EMPTY', // [400 VALIDATION_FAILED] field file: a file of zero bytes
  'ATTACHMENT_IS_EVIDENCE', // [422] the last file of a standing completion, on a task whose evidence rule requires a file
  'ATTACHMENT_NOT_ON_TASK', // [400 VALIDATION_FAILED] field attachmentIds: not a live file of this task, or linked elsewhere already
  'ATTACHMENT_RESTORE_EXPIRED', // [422] a file deleted more than 30 days ago can no longer be restored
  'ATTACHMENT_NOT_DELETED', // [422] restore of a file that is not deleted
  'COMPLETION_NEEDS_FILE', // [422] field attachmentIds: the lead unit or the source document's type requires a file with the completion
  'EVIDENCE_RULE_TARGET', // [400 VALIDATION_FAILED] field unitCode: name exactly one of unitCode and documentType
  'STORAGE_UNAVAILABLE', // [503] the file store (folder or S3-compatible bucket) failed or lacks the file; nothing written
  // Comments (libs/server/comments)
  'MENTION_NOT_ALLOWED', // [422] field body: an @username who does not exist, is locked or may not read the task
  'COMMENT_EDIT_WINDOW_CLOSED', // [422] a comment is edited only in the 15 minutes after it was posted
  'COMMENT_NOT_OWN', // [403] only the author edits a comment; only the author or an admin deletes it
  'COMMENT_DELETED', // [422] edit or delete of a comment already deleted
  // Integrations (API tokens, webhooks, the documents hand-off)
  'API_TOKEN_SCOPE', // [403] the API token lacks the scope this endpoint accepts, or the endpoint accepts no token (a person's endpoint)
  'API_TOKEN_UNIT', // [403] field leadUnitCode (tasks.<i>.leadUnitCode): a unit outside the API token's units
  'EXPIRY_TOO_FAR', // [400 VALIDATION_FAILED] field expiresOn: past the longest life API_TOKEN_MAX_DAYS allows, or not after today
  'WEBHOOK_URL_INVALID', // [400 VALIDATION_FAILED] field url: not http(s), carries credentials, or has no host
  'WEBHOOK_ADDRESS_NOT_ALLOWED', // [400 VALIDATION_FAILED] field url: the host is this machine, link-local (cloud metadata), multicast or reserved
  'DOCUMENT_CONFLICT', // [409] a document with this number and issuer was received already with a different content
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field's problem, as `field` (dotted path for nested input) and a readable message. */
export interface FieldError {
  field: string;
  /** Vietnamese; the web app shows its own words for `rule` when it knows it. */
  message: string;
  /**
   * The rule that failed: class-validator's constraint name (isNotEmpty, maxLength…), another camelCase input rule
   * (noNulCharacter…), or an `ErrorCode` for a rule of the product (DEADLINE_BEFORE_ASSIGNMENT, UNKNOWN_UNIT…).
   */
  rule?: string;
  /** Import errors: the row and column (its Vietnamese title) of the bad cell in the uploaded register. */
  row?: number;
  column?: string;
  /** Import errors: the cell's text as read (a unit code, a date…), for a message in the user's language. */
  value?: string;
}

/** The one error body every 4xx and 5xx answer carries. */
export interface ErrorBody {
  statusCode: number;
  /** Machine-readable, stable: one of ERROR_CODES (VALIDATION_FAILED, NOT_FOUND, DEADLINE_BEFORE_ASSIGNMENT…). */
  code: ErrorCode;
  /** Vietnamese, for people reading the API directly; the web app translates `code` instead. */
  message: string;
  errors?: FieldError[];
  /** Quote this when reporting a problem; the server log has the same id. */
  correlationId: string;
}
