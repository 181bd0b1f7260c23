import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { API_TOKEN_SCOPES, type ApiTokenScope, type ApiTokenView, type FieldError } from '@tiendo/contracts';
import { addDays, toLocalDate } from '@tiendo/domain';
import { AdminApi, apiError, DirectoryApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { ControlErrorText, FocusFirstErrorOnSubmit, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';

/** At least one box of a group of checkboxes ticked (the API's ArrayMinSize(1)), said as "required". */
function oneTicked(group: AbstractControl): ValidationErrors | null {
  return Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { required: true };
}

/**
 * The integrations' API tokens (README "API tokens"): the list with scopes, units, expiry, last use and state; a form
 * that creates one and shows its secret once; revoke, which works at once.
 */
@Component({
  selector: 'td-api-tokens-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, DateTimePipe, LocalDatePipe, LoadState, DateField, UnitPicker, ControlErrorText, FocusFirstErrorOnSubmit],
  templateUrl: './api-tokens-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiTokensAdminPage {
  private readonly admin = inject(AdminApi);
  private readonly directory = inject(DirectoryApi);
  protected readonly scopes = API_TOKEN_SCOPES;
  /** The units a token may be given: the active ones, in tree order. */
  protected readonly units = signal<UnitOption[]>([]);
  /** The earliest expiry day: tomorrow in Vietnam (the API refuses a day not after today). */
  protected readonly firstExpiry = addDays(toLocalDate(new Date()), 1);
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
    scopes: new FormGroup(Object.fromEntries(API_TOKEN_SCOPES.map((s) => [s, new FormControl(false, { nonNullable: true })])) as Record<ApiTokenScope, FormControl<boolean>>, { validators: oneTicked }),
    unitCodes: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required] }),
    expiresOn: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  constructor() {
    void this.load();
    void this.directory.units().then(
      (u) => this.units.set(unitOptions(u.filter((x) => x.active))),
      () => this.units.set([]),
    );
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
    await this.act(async () => {
      const created = await this.admin.createApiToken({ name: v.name, scopes, unitCodes: v.unitCodes, expiresOn: v.expiresOn });
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

  /** A field left empty, once touched (the date field names a text that is not a day, or too early a day, itself). */
  protected missing(control: AbstractControl): boolean {
    return control.touched && control.hasError('required');
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
