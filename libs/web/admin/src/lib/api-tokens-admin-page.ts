import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { API_TOKEN_SCOPES, type ApiTokenScope, type ApiTokenView, type FieldError } from '@tiendo/contracts';
import { AdminApi, apiError } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { LoadState } from '@tiendo/web-ui';

/**
 * The integrations' API tokens (README "API tokens"): the list with scopes, units, expiry, last use and state; a form
 * that creates one and shows its secret once; revoke, which works at once.
 */
@Component({
  selector: 'td-api-tokens-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, DateTimePipe, LocalDatePipe, LoadState],
  templateUrl: './api-tokens-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiTokensAdminPage {
  private readonly admin = inject(AdminApi);
  protected readonly scopes = API_TOKEN_SCOPES;
  protected readonly tokens = signal<ApiTokenView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** The API's refusal of the last create or revoke: its code, and its field errors. */
  protected readonly actionError = signal<string | null>(null);
  protected readonly fieldErrors = signal<FieldError[]>([]);
  /** The secret of the token just created: shown until the page is left or another token is made. */
  protected readonly secret = signal<{ name: string; token: string } | null>(null);
  protected readonly busy = signal(false);
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(120)] }),
    scopes: new FormGroup(Object.fromEntries(API_TOKEN_SCOPES.map((s) => [s, new FormControl(false, { nonNullable: true })])) as Record<ApiTokenScope, FormControl<boolean>>),
    unitCodes: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    expiresOn: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.tokens.set(await this.admin.apiTokens());
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected async create(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const scopes = API_TOKEN_SCOPES.filter((s) => v.scopes[s]);
    const unitCodes = v.unitCodes.split(',').map((c) => c.trim()).filter(Boolean);
    await this.act(async () => {
      const created = await this.admin.createApiToken({ name: v.name, scopes, unitCodes, expiresOn: v.expiresOn });
      this.secret.set({ name: created.name, token: created.token });
      this.form.reset();
    });
  }

  protected async revoke(t: ApiTokenView): Promise<void> {
    await this.act(() => this.admin.revokeApiToken(t.id));
  }

  protected unitCodes(t: ApiTokenView): string {
    return t.units.map((u) => u.code).join(', ');
  }

  /** The messages the API gave for `field` (and its items, `unitCodes.1`). */
  protected errorsOf(field: string): string[] {
    return this.fieldErrors()
      .filter((e) => e.field === field || e.field.startsWith(`${field}.`))
      .map((e) => e.message);
  }

  private async act(call: () => Promise<unknown>): Promise<void> {
    this.actionError.set(null);
    this.fieldErrors.set([]);
    this.busy.set(true);
    try {
      await call();
      await this.load();
    } catch (err) {
      const e = apiError(err);
      this.actionError.set(e.code);
      this.fieldErrors.set(e.errors ?? []);
    } finally {
      this.busy.set(false);
    }
  }
}
