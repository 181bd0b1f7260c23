import type { TokenPair } from './api';

/**
 * POST /api/auth/login when the password is right but a second factor is still needed: no session yet, a challenge
 * instead (a signed token bound to the user, valid `expiresIn` seconds). `secondFactor` says what comes next:
 * - `code`: POST /api/auth/sign-in/second-factor with the challenge and the authenticator's code (or a recovery code);
 * - `enrol`: the role requires a second factor and none is enrolled: POST /api/auth/sign-in/enrolment (secret and
 *   otpauth URI), then POST /api/auth/sign-in/enrolment/confirm with a code; nothing else is open until then.
 */
export interface SecondFactorChallenge {
  secondFactor: 'code' | 'enrol';
  challenge: string;
  /** Seconds the challenge stays valid (300). */
  expiresIn: number;
}

/** What POST /api/auth/login answers: a session, or the second step's challenge. */
export type SignInAnswer = TokenPair | SecondFactorChallenge;

/** Whether a sign-in answer asks for a second step. */
export function isSecondFactorChallenge(answer: SignInAnswer): answer is SecondFactorChallenge {
  return 'challenge' in answer;
}

/** GET /api/auth/second-factor: the signed-in user's second factor. */
export interface SecondFactorStatus {
  /** An authenticator is enrolled and confirmed. */
  enrolled: boolean;
  /** When it was confirmed (ISO 8601, UTC), or null. */
  enrolledAt: string | null;
  /** The user's role must have one (MFA_REQUIRED_ROLES): it cannot be turned off. */
  required: boolean;
  /** Recovery codes not yet used. */
  recoveryCodesLeft: number;
}

/**
 * A started enrolment (account page or sign-in): the secret to put in an authenticator app, as base32 (to type in)
 * and as an otpauth:// URI (for a QR code). Not enrolled until confirmed with a code from the app.
 */
export interface SecondFactorEnrolment {
  /** Base32 (RFC 4648), 32 characters: 160 bits. */
  secret: string;
  /** otpauth://totp/<issuer>:<username>?secret=…&issuer=… (SHA-1, 6 digits, 30 s: what every authenticator app reads). */
  otpauthUri: string;
}

/** Ten recovery codes, shown once: each signs in once in place of a code. Only their hashes are stored. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/** POST /api/auth/sign-in/enrolment/confirm: the new recovery codes, and the session the sign-in was waiting for. */
export interface EnrolmentSignIn extends RecoveryCodes {
  session: TokenPair;
}

/** POST /api/users/:id/second-factor/reset (admin): whether the user had a second factor to reset. */
export interface SecondFactorReset {
  reset: boolean;
}
