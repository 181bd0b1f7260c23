import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { RecoveryCodes, SecondFactorEnrolment, SecondFactorReset, SecondFactorStatus } from '@tiendo/contracts';
import { firstValueFrom } from 'rxjs';

/** The signed-in user's second factor (account page) and an admin's reset of someone's (README "Second factor"). */
@Injectable({ providedIn: 'root' })
export class SecondFactorApi {
  private readonly http = inject(HttpClient);

  /** `GET /api/auth/second-factor`. */
  status(): Promise<SecondFactorStatus> {
    return firstValueFrom(this.http.get<SecondFactorStatus>('/api/auth/second-factor'));
  }

  /** `POST /api/auth/second-factor/enrolment`: a new secret to put in the app (not enrolled until confirmed). */
  startEnrolment(): Promise<SecondFactorEnrolment> {
    return firstValueFrom(this.http.post<SecondFactorEnrolment>('/api/auth/second-factor/enrolment', {}));
  }

  /** `POST /api/auth/second-factor/enrolment/confirm`: enrolled; the recovery codes, shown once. */
  async confirmEnrolment(code: string): Promise<string[]> {
    return (await firstValueFrom(this.http.post<RecoveryCodes>('/api/auth/second-factor/enrolment/confirm', { code }))).recoveryCodes;
  }

  /** `POST /api/auth/second-factor/recovery-codes`: ten new codes (the old ones void), with a code from the app. */
  async regenerateRecoveryCodes(code: string): Promise<string[]> {
    return (await firstValueFrom(this.http.post<RecoveryCodes>('/api/auth/second-factor/recovery-codes', { code }))).recoveryCodes;
  }

  /** `POST /api/auth/second-factor/disable`: turned off (only where the role does not require it). */
  disable(code: string): Promise<void> {
    return firstValueFrom(this.http.post<void>('/api/auth/second-factor/disable', { code }));
  }

  /** `POST /api/users/:id/second-factor/reset` (admin). */
  reset(userId: string): Promise<SecondFactorReset> {
    return firstValueFrom(this.http.post<SecondFactorReset>(`/api/users/${userId}/second-factor/reset`, {}));
  }
}
