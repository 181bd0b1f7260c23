import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAPPING_RULE_SOURCES, MappingRuleRequest, MappingRuleSource, MappingRuleView, Role, ROLES } from '@tiendo/contracts';
import { AdminApi, apiError, DirectoryApi, FormOutcome } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FormErrorBanner, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';

/**
 * The directory mapping rules (README, "Directory sign-in"): the ordered list that gives a directory user their unit
 * and role, with moving up and down, editing and deleting. The API checks each rule and its message stays beside
 * its field; every change is in the security log.
 */
@Component({
  selector: 'td-mapping-rules-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText, FormErrorBanner, LoadState, UnitPicker],
  template: `
    <ng-container *transloco="let t">
      <h1>{{ t('admin.mappingRules') }}</h1>
      <p class="muted">{{ t('admin.mappingRulesIntro') }}</p>
      <div class="two-cols">
        <section>
          @if (loadError(); as code) {
            <td-load-state state="error" [message]="t('errors.code.' + code)" (retry)="load()" />
          } @else if (rules(); as list) {
            <table class="data cards" [attr.aria-label]="t('admin.mappingRules')">
              <thead>
                <tr><th scope="col">#</th><th scope="col">{{ t('admin.ruleSource') }}</th><th scope="col">{{ t('admin.ruleValue') }}</th><th scope="col">{{ t('admin.ruleUnit') }}</th><th scope="col">{{ t('admin.ruleRole') }}</th><th scope="col"><span class="visually-hidden">{{ t('common.actions') }}</span></th></tr>
              </thead>
              <tbody>
                @for (r of list; track r.id; let first = $first; let last = $last; let i = $index) {
                  <tr>
                    <td data-label="#">{{ r.position }}</td>
                    <td [attr.data-label]="t('admin.ruleSource')">{{ t('admin.ruleSources.' + r.source) }}{{ r.attribute ? ' ' + r.attribute : '' }}</td>
                    <td [attr.data-label]="t('admin.ruleValue')">{{ r.value }}</td>
                    <td [attr.data-label]="t('admin.ruleUnit')">{{ r.unitName ?? '—' }}</td>
                    <td [attr.data-label]="t('admin.ruleRole')">{{ r.role ? t('role.' + r.role) : '—' }}</td>
                    <td>
                      <button type="button" class="btn small" [disabled]="first" (click)="move(i, -1)">{{ t('admin.ruleUp') }}<span class="visually-hidden">: {{ r.position }}</span></button>
                      <button type="button" class="btn small" [disabled]="last" (click)="move(i, 1)">{{ t('admin.ruleDown') }}<span class="visually-hidden">: {{ r.position }}</span></button>
                      <button type="button" class="btn small" (click)="edit(r)">{{ t('admin.edit') }}<span class="visually-hidden">: {{ r.position }}</span></button>
                      <button type="button" class="btn small danger" (click)="remove(r)">{{ t('admin.ruleDelete') }}<span class="visually-hidden">: {{ r.position }}</span></button>
                    </td>
                  </tr>
                } @empty {
                  <tr><td colspan="6">{{ t('common.empty') }}</td></tr>
                }
              </tbody>
            </table>
            <td-form-error action="mappingRule" [code]="listOutcome.error()" />
            @if (listOutcome.notice(); as n) { <p class="notice" role="status">{{ t(n) }}</p> }
          } @else {
            <td-load-state state="loading" />
          }
        </section>
        <section class="card">
          <h2>{{ editing() ? t('admin.editRule', { position: editing()?.position }) : t('admin.newRule') }}</h2>
          <form class="form" [formGroup]="form" (ngSubmit)="save()" novalidate>
            <div class="field">
              <label for="r-source">{{ t('admin.ruleSource') }}</label>
              <select id="r-source" formControlName="source">
                @for (s of sources; track s) { <option [value]="s">{{ t('admin.ruleSources.' + s) }}</option> }
              </select>
            </div>
            @if (form.controls.source.value === 'attribute') {
              <div class="field">
                <label for="r-attribute">{{ t('admin.ruleAttribute') }} *</label>
                <input id="r-attribute" formControlName="attribute" autocomplete="off" aria-describedby="r-attribute-error" />
                <div id="r-attribute-error"><td-field-error [errors]="outcome.errors()['attribute']" /></div>
              </div>
            }
            <div class="field">
              <label for="r-value">{{ t('admin.ruleValue') }} *</label>
              <input id="r-value" formControlName="value" autocomplete="off" aria-describedby="r-value-error" [attr.aria-invalid]="form.controls.value.touched && form.controls.value.invalid" />
              <div id="r-value-error">
                @if (form.controls.value.touched && form.controls.value.invalid) { <span class="field-error">{{ t('errors.required') }}</span> }
                <td-field-error [errors]="outcome.errors()['value']" />
              </div>
            </div>
            <div class="field">
              <label for="r-unit">{{ t('admin.ruleUnit') }}</label>
              <td-unit-picker inputId="r-unit" formControlName="unitCode" [units]="units()" [emptyLabel]="t('admin.ruleNoUnit')" describedBy="r-unit-error" />
              <div id="r-unit-error"><td-field-error [errors]="outcome.errors()['unitCode']" /></div>
            </div>
            <div class="field">
              <label for="r-role">{{ t('admin.ruleRole') }}</label>
              <select id="r-role" formControlName="role" aria-describedby="r-role-error">
                <option value="">{{ t('admin.ruleNoRole') }}</option>
                @for (r of roles; track r) { <option [value]="r">{{ t('role.' + r) }}</option> }
              </select>
              <div id="r-role-error"><td-field-error [errors]="outcome.errors()['role']" /></div>
            </div>
            <td-form-error action="mappingRule" [code]="outcome.error()" />
            @if (outcome.notice(); as n) { <p class="notice" role="status">{{ t(n) }}</p> }
            <div class="actions">
              <button type="submit" class="btn primary" [disabled]="outcome.busy()">{{ t('admin.save') }}</button>
              @if (editing()) { <button type="button" class="btn" (click)="startNew()">{{ t('common.cancel') }}</button> }
            </div>
          </form>
        </section>
      </div>
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MappingRulesAdminPage {
  private readonly admin = inject(AdminApi);
  private readonly directory = inject(DirectoryApi);
  protected readonly sources = MAPPING_RULE_SOURCES;
  protected readonly roles = ROLES;
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly rules = signal<MappingRuleView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly editing = signal<MappingRuleView | null>(null);
  protected readonly outcome = new FormOutcome();
  protected readonly listOutcome = new FormOutcome();
  protected readonly form = new FormGroup({
    source: new FormControl<MappingRuleSource>('group', { nonNullable: true }),
    attribute: new FormControl('', { nonNullable: true }),
    value: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
    unitCode: new FormControl('', { nonNullable: true }),
    role: new FormControl<Role | ''>('', { nonNullable: true }),
  });

  constructor() {
    void this.directory.units().then((u) => this.units.set(unitOptions(u)), () => this.units.set([]));
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.rules.set(await this.admin.mappingRules());
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected edit(rule: MappingRuleView): void {
    this.editing.set(rule);
    this.form.reset({ source: rule.source, attribute: rule.attribute ?? '', value: rule.value, unitCode: rule.unitCode ?? '', role: rule.role ?? '' });
  }

  protected startNew(): void {
    this.editing.set(null);
    this.form.reset({ source: 'group', attribute: '', value: '', unitCode: '', role: '' });
  }

  /** Sends the rule; the server checks it (which fields go together, the unit) and names each bad field. */
  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const body: MappingRuleRequest = {
      source: v.source,
      attribute: v.source === 'attribute' ? v.attribute.trim() || null : null,
      value: v.value.trim(),
      unitCode: v.unitCode || null,
      role: v.role || null,
    };
    const rule = this.editing();
    const saved = await this.outcome.run(() => (rule ? this.admin.updateMappingRule(rule.id, body) : this.admin.createMappingRule(body)), rule ? 'admin.saved' : 'admin.created');
    if (saved) {
      this.startNew();
      await this.load();
    }
  }

  /** Moves the rule at `index` one place up (-1) or down (+1). */
  protected async move(index: number, step: -1 | 1): Promise<void> {
    const ids = (this.rules() ?? []).map((r) => r.id);
    [ids[index], ids[index + step]] = [ids[index + step], ids[index]];
    const list = await this.listOutcome.run(() => this.admin.reorderMappingRules(ids));
    if (list) this.rules.set(list);
  }

  protected async remove(rule: MappingRuleView): Promise<void> {
    if ((await this.listOutcome.run(() => this.admin.deleteMappingRule(rule.id).then(() => true), 'admin.ruleDeleted')) && this.editing()?.id === rule.id) this.startNew();
    await this.load();
  }
}
