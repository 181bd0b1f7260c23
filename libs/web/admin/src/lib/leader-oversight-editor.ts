import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { UserView } from '@tiendo/contracts';
import { apiError, DirectoryApi } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { UnitOption, UnitPicker } from '@tiendo/web-ui';

/**
 * The units a leader oversees (a deputy minister's block), set by an administrator on the user's page: the leader's
 * dashboard and briefing show just those by default (PUT /api/users/:id/oversight).
 */
@Component({
  selector: 'td-leader-oversight-editor',
  imports: [ReactiveFormsModule, TranslocoDirective, UnitPicker],
  template: `
    <ng-container *transloco="let t">
      <section class="card oversight" aria-labelledby="oversight-title" data-testid="oversight-editor">
        <h3 id="oversight-title">{{ t('oversight.title') }}</h3>
        <p class="hint" id="oversight-hint">{{ t('oversight.hint') }}</p>
        <label for="o-units" class="visually-hidden">{{ t('oversight.title') }}</label>
        <td-unit-picker inputId="o-units" [multiple]="true" [formControl]="codes" [units]="units()" describedBy="oversight-hint" />
        <div class="actions">
          <button type="button" class="btn" [disabled]="busy()" (click)="save()">{{ t('oversight.save') }}</button>
        </div>
        @if (saved()) { <p class="notice" role="status">{{ t('oversight.saved') }}</p> }
        @if (error(); as code) { <p class="field-error" role="alert">{{ t('errors.code.' + code) }}</p> }
      </section>
    </ng-container>
  `,
  styles: `.oversight { margin-top: 1rem; } .oversight h3 { margin-top: 0; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeaderOversightEditor {
  private readonly directory = inject(DirectoryApi);
  readonly user = input.required<UserView>();
  readonly units = input.required<readonly UnitOption[]>();
  protected readonly codes = new FormControl<string[]>([], { nonNullable: true });
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.user().id;
      untracked(() => {
        this.saved.set(false);
        this.error.set(null);
        void this.directory.oversight(id).then(
          (o) => this.codes.setValue(o.units.map((u) => u.code)),
          (err) => this.error.set(apiError(err).code),
        );
      });
    });
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.saved.set(false);
    this.error.set(null);
    try {
      const view = await this.directory.setOversight(this.user().id, this.codes.value);
      this.codes.setValue(view.units.map((u) => u.code));
      this.saved.set(true);
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.busy.set(false);
    }
  }
}
