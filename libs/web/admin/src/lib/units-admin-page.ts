import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { UNIT_KINDS, UnitKind, UnitView } from '@tiendo/contracts';
import { apiError, DirectoryApi, FormOutcome } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog, ControlErrorText, FieldErrorText, FormErrorBanner, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';


/** The unit tree: add a unit under another, rename it, move it, or close it (its tasks and history stay). */
@Component({
  selector: 'td-units-admin-page',
  imports: [ReactiveFormsModule, UnitPicker, TranslocoDirective, ControlErrorText, FieldErrorText, LoadState, FormErrorBanner, CharCount],
  templateUrl: './units-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitsAdminPage {
  private readonly directory = inject(DirectoryApi);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  protected readonly kinds = UNIT_KINDS;
  protected readonly units = signal<UnitView[]>([]);
  protected readonly tree = signal<UnitOption[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly editing = signal<string | null>(null);
  /** The units a unit may be moved under (not itself), for the parent picker. */
  protected readonly parentChoices = computed(() => (this.tree() ?? []).filter((u) => u.code !== this.editing()));
  protected readonly outcome = new FormOutcome();

  protected readonly form = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(32), Validators.pattern(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(255)] }),
    kind: new FormControl<UnitKind>('department', { nonNullable: true }),
    parentCode: new FormControl('', { nonNullable: true }),
    active: new FormControl(true, { nonNullable: true }),
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      const units = await this.directory.units();
      this.units.set(units);
      this.tree.set(unitOptions(units));
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected kindOf(code: string): UnitKind | undefined {
    return this.units().find((u) => u.code === code)?.kind;
  }

  protected edit(code: string): void {
    const unit = this.units().find((u) => u.code === code);
    if (!unit) return;
    this.editing.set(code);
    this.form.reset({ code: unit.code, name: unit.name, kind: unit.kind, parentCode: unit.parentCode ?? '', active: unit.active });
    this.form.controls.code.disable();
  }

  protected startNew(): void {
    this.editing.set(null);
    this.form.reset({ code: '', name: '', kind: 'department', parentCode: '', active: true });
    this.form.controls.code.enable();
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const code = this.editing();
    const unit = code ? this.units().find((u) => u.code === code) : undefined;
    if (unit?.active && !v.active) {
      const title = this.transloco.translate('confirm.deactivateUnit', { name: unit.name });
      if (!(await this.confirmDialog.ask({ title, confirm: this.transloco.translate('admin.inactive'), danger: true }))) return;
    }
    const saved = await this.outcome.run(
      () =>
        code
          ? this.directory.updateUnit(code, { name: v.name.trim(), kind: v.kind, parentCode: v.parentCode || null, active: v.active })
          : this.directory.createUnit({ code: v.code.trim(), name: v.name.trim(), kind: v.kind, ...(v.parentCode ? { parentCode: v.parentCode } : {}) }),
      code ? 'admin.saved' : 'admin.created',
    );
    if (saved) {
      this.startNew();
      await this.load();
    }
  }
}
