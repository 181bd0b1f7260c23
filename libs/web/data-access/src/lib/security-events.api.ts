import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, SecurityEventQuery, SecurityEventView } from '@tiendo/contracts';
import { firstValueFrom } from 'rxjs';
import { toQueryString } from './query-string';

/** The admin's security events log (GET /api/admin/security-events). */
@Injectable({ providedIn: 'root' })
export class SecurityEventsApi {
  private readonly http = inject(HttpClient);

  /** Newest first, a page at a time; `from`/`to` are calendar days in Asia/Ho_Chi_Minh, both included. */
  list(query: SecurityEventQuery): Promise<Page<SecurityEventView>> {
    return firstValueFrom(this.http.get<Page<SecurityEventView>>(`/api/admin/security-events${toQueryString(query)}`));
  }
}
