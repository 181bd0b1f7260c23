import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { ORGANISATION_LIMITS } from '@tiendo/contracts';
import { apiError, FormOutcome, Organisation } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FormErrorBanner, LoadState } from '@tiendo/web-ui';

const FIELDS = [
  { key: 'name', label: 'admin.orgName', hint: 'admin.orgNameHint' },
  { key: 'shortName', label: 'admin.orgShortName', hint: 'admin.orgShortNameHint' },
  { key: 'parent', label: 'admin.orgParent', hint: 'admin.orgParentHint' },
  { key: 'place', label: 'admin.orgPlace', hint: 'admin.orgPlaceHint' },
] as const;

/**
 * The organisation's name, short name, governing body and place (PUT /api/settings/organisation): what the sign-in
 * page, the briefing and the exported documents' heading show. The API's message stays beside its field.
 */
@Component({
  selector: 'td-organisation-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText, FormErrorBanner, LoadState],
  template: `
    <ng-container *transloco="let t">
      <h1>{{ t('admin.organisation') }}</h1>
      <p class="muted">{{ t('admin.orgIntro') }}</p>
      @if (loadError(); as code) {
        <td-load-state state="error" [message]="t('errors.code.' + code)" (retry)="load()" />
      } @else if (!loaded()) {
        <td-load-state state="loading" />
      } @else {
        <form class="form card" [formGroup]="form" (ngSubmit)="save()" novalidate>
          @for (f of fields; track f.key) {
            <div class="field">
              <label [for]="'o-' + f.key">{{ t(f.label) }}</label>
              <input [id]="'o-' + f.key" [formControlName]="f.key" [attr.maxlength]="limits[f.key]" [attr.aria-describedby]="'o-' + f.key + '-hint o-' + f.key + '-error'" [attr.aria-invalid]="form.controls[f.key].invalid && form.controls[f.key].touched" />
              <span class="hint" [id]="'o-' + f.key + '-hint'">{{ t(f.hint) }} ({{ form.controls[f.key].value.length }}/{{ limits[f.key] }})</span>
              <div [id]="'o-' + f.key + '-error'"><td-field-error [errors]="outcome.errors()[f.key]" /></div>
            </div>
          }
          <td-form-error action="organisation" [code]="outcome.error()" />
          @if (outcome.notice(); as n) { <p class="notice" role="status">{{ t(n) }}</p> }
          <div class="actions"><button type="submit" class="btn primary" [disabled]="outcome.busy()">{{ t('admin.save') }}</button></div>
        </form>
      }
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganisationAdminPage {
  private readonly organisation = inject(Organisation);
  protected readonly fields = FIELDS;
  protected readonly limits = ORGANISATION_LIMITS;
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly outcome = new FormOutcome();
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(ORGANISATION_LIMITS.name)] }),
    shortName: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(ORGANISATION_LIMITS.shortName)] }),
    parent: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(ORGANISATION_LIMITS.parent)] }),
    place: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(ORGANISATION_LIMITS.place)] }),
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      await this.organisation.load();
      const current = this.organisation.current();
      if (!current) throw new Error('not loaded');
      this.form.setValue(current);
      this.loaded.set(true);
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  /** Sends what was typed; the server trims and checks it (a 400 puts its Vietnamese message under the field). */
  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    await this.outcome.run(() => this.organisation.save(this.form.getRawValue()), 'admin.saved');
  }
}
