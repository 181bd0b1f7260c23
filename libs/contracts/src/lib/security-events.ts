import type { LocalDate } from '@tiendo/domain';

/**
 * The kinds of security events the API writes (table `security_events`, append-only). New kinds may appear; a
 * screen shows an unknown kind by its name.
 */
export const SECURITY_EVENT_KINDS = [
  'login', // signed in (detail.method 'directory' and detail.dn for a directory sign-in)
  'login_failed', // wrong password or unknown user (detail.username); a directory sign-in's also detail.method and detail.reason
  'login_throttled', // too many failures for the account or address
  'logout', // signed out
  'refresh_token_reused', // a refresh token used twice: its whole family revoked
  'password_changed', // by the user
  'password_change_failed', // a wrong current password on change-password (counted like a failed sign-in)
  'access_denied', // a route the role may not call (403)
  'object_denied', // an object the caller sees but may not change (403): detail.kind, detail.id
  'object_hidden', // an object outside the caller's scope, answered 404: detail.kind, detail.id
  'user_created', // by an admin (detail.userId)
  'user_changed', // role, unit, deactivation, password reset by an admin (detail.userId)
  'email_changed', // a user's e-mail address (detail.userId; old and new masked)
  'second_factor_enrolled', // the user confirmed an authenticator (TOTP); recovery codes issued
  'second_factor_passed', // a sign-in's second step: the authenticator's code (detail.method totp) or a recovery code (recovery_code)
  'second_factor_failed', // a wrong, reused or expired code at sign-in or on the account page (counted like a wrong password)
  'recovery_code_used', // a recovery code spent (detail.remaining)
  'recovery_codes_regenerated', // new recovery codes; the old ones no longer work
  'second_factor_disabled', // turned off by the user (only when their role does not require it)
  'second_factor_reset', // by an admin (detail.userId): the user enrols again at their next sign-in
  'directory_rule_created', // a directory mapping rule added by an admin (detail.ruleId and the rule)
  'directory_rule_changed', // a mapping rule changed (detail.from, detail.to)
  'directory_rule_deleted', // a mapping rule deleted (detail.ruleId and the rule)
  'directory_rules_reordered', // the mapping rules put in a new order (detail.from, detail.to: ids)
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** GET /api/admin/security-events: one event, newest first. */
export interface SecurityEventView {
  id: string;
  /** The moment, in UTC (ISO 8601). */
  at: string;
  kind: string;
  /** Who acted, when known (a failed sign-in has none: see detail.username). */
  actor: { id: string; username: string; fullName: string } | null;
  /** The client's address. */
  ip: string | null;
  /** What else was recorded: route, object kind and id, the user concerned, masked e-mail addresses… */
  detail: Record<string, unknown>;
}

/**
 * The filters of GET /api/admin/security-events. `user`: a username; events by that user, about that user
 * (detail.userId) or naming that username (failed sign-ins). `from`/`to`: calendar days in Asia/Ho_Chi_Minh, both
 * included.
 */
export interface SecurityEventQuery {
  user?: string;
  kind?: string;
  from?: LocalDate;
  to?: LocalDate;
  page?: number;
  pageSize?: number;
}
