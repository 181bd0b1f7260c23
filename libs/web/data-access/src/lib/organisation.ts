import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { OrganisationSettings } from '@tiendo/contracts';
import { firstValueFrom } from 'rxjs';

/**
 * The organisation the product serves, as an admin set it (GET /api/settings/organisation, public: the sign-in page
 * shows it). Loaded once per page load on first use; screens show `name()` and nothing until it has arrived, never a
 * name written in the code (the ministry of the demo was renamed and merged in 2025).
 */
@Injectable({ providedIn: 'root' })
export class Organisation {
  private readonly http = inject(HttpClient);
  private readonly settings = signal<OrganisationSettings | null>(null);
  private loading: Promise<void> | null = null;

  /** The full name ("Bộ Thông tin và Truyền thông"), or null until loaded. */
  readonly name = computed(() => this.settings()?.name ?? null);
  readonly current = this.settings.asReadonly();

  /** Starts loading once; a failed load (offline) may be retried by the next screen that asks. */
  load(): Promise<void> {
    this.loading ??= firstValueFrom(this.http.get<OrganisationSettings>('/api/settings/organisation')).then(
      (s) => this.settings.set(s),
      () => {
        this.loading = null;
      },
    );
    return this.loading;
  }

  /** Admins: stores the four fields (PUT /api/settings/organisation); the screens show the new name at once. */
  async save(settings: OrganisationSettings): Promise<OrganisationSettings> {
    const saved = await firstValueFrom(this.http.put<OrganisationSettings>('/api/settings/organisation', settings));
    this.settings.set(saved);
    this.loading = Promise.resolve();
    return saved;
  }
}
