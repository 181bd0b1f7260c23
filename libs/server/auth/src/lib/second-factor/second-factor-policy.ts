import type { Role } from '@tiendo/contracts';

/**
 * Values of an OpenID Connect provider's `amr` claim (RFC 8176) saying it already asked for a second factor:
 * `mfa` (multiple factors), `otp` (a one-time code), `hwk` (a hardware key). A directory user signing in with one of
 * them is not asked for a code again.
 */
export const PROVIDER_SECOND_FACTOR_AMR: readonly string[] = ['mfa', 'otp', 'hwk'];

/** What a sign-in still needs after the first factor: nothing, the authenticator's code, or an enrolment. */
export type SecondFactorNeed = 'none' | 'code' | 'enrol';

/**
 * The one rule of who is asked for a second factor, for every way of signing in (password now, the directory's
 * OpenID Connect sign-in later):
 * - the provider already asked for one (`providerAmr` holds mfa, otp or hwk): nothing more;
 * - an enrolled authenticator: its code, whatever the role;
 * - a role in MFA_REQUIRED_ROLES without one: an enrolment, before anything else;
 * - anyone else: nothing (they may enrol on their account page).
 */
export function secondFactorNeed(
  user: { role: Role; enrolled: boolean },
  requiredRoles: readonly Role[],
  context: { providerAmr?: readonly string[] } = {},
): SecondFactorNeed {
  if (context.providerAmr?.some((method) => PROVIDER_SECOND_FACTOR_AMR.includes(method))) return 'none';
  if (user.enrolled) return 'code';
  return requiredRoles.includes(user.role) ? 'enrol' : 'none';
}
