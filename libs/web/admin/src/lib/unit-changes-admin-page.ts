import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { NewSuccessorUnit, UNIT_KINDS, UnitChangePlanView, UnitChangeRecordView, UnitChangeView, UnitKind, UnitMergeRequest, UnitSplitRequest, UnitView } from '@tiendo/contracts';
import { toLocalDate } from '@tiendo/domain';
import { apiError, DirectoryApi, FormOutcome } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog, ControlErrorText, FieldErrorText, FormErrorBanner, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const newUnitGroup = () =>
  new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(32), Validators.pattern(CODE)] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(255)] }),
    kind: new FormControl<UnitKind>('department', { nonNullable: true }),
    parentCode: new FormControl('', { nonNullable: true }),
  });
type NewUnitGroup = ReturnType<typeof newUnitGroup>;

/**
 * Units that merge and split (issue #11; `POST /api/units/merges|splits[/preview]`, admin only): the administrator
 * fills the change (units, successor(s), effective day from the 1st of this month to today, the decision as reason),
 * previews what would move (open tasks, coordinating references, users; closed tasks stay with the old units, as the
 * reports of earlier periods do), may send a split's tasks and people each to a successor, records it after a
 * confirmation, and reads the changes a unit took part in.
 */
@Component({
  selector: 'td-unit-changes-admin-page',
  imports: [ReactiveFormsModule, NgTemplateOutlet, UnitPicker, DateField, TranslocoDirective, FieldErrorText, ControlErrorText, FormErrorBanner, CharCount, LoadState, LocalDatePipe, DateTimePipe],
  templateUrl: './unit-changes-admin-page.html',
  styles: `
    .kind-choice { display: flex; gap: 1rem; flex-wrap: wrap; border: 0; padding: 0; margin: 0 0 0.5rem; }
    fieldset.group { border: 1px solid #d0d5dd; border-radius: 6px; padding: 0.75rem; margin: 0; min-width: 0; }
    .new-unit { border-top: 1px dashed #d0d5dd; padding-top: 0.5rem; margin-top: 0.5rem; }
    .plan h3 { margin: 1rem 0 0.25rem; font-size: 1rem; }
    .plan select { max-width: 100%; }
    textarea { width: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitChangesAdminPage {
  private readonly directory = inject(DirectoryApi);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);

  protected readonly kinds = UNIT_KINDS;
  protected readonly units = signal<UnitView[]>([]);
  protected readonly loadError = signal<string | null>(null);
  /** Active units, as the picker lists them (a change takes active units only). */
  protected readonly active = computed<UnitOption[]>(() => unitOptions(this.units().filter((u) => u.active)));
  protected readonly all = computed<UnitOption[]>(() => unitOptions(this.units()));
  protected readonly today = toLocalDate(new Date());
  /** The first day a change may take effect: the 1st of the current month (UnitChangesService). */
  protected readonly firstDay = `${this.today.slice(0, 8)}01`;
  protected readonly outcome = new FormOutcome();
  /** The preview of the form as it was sent, or the change recorded (with its id). */
  protected readonly plan = signal<UnitChangePlanView | UnitChangeView | null>(null);
  protected readonly recorded = computed(() => {
    const p = this.plan();
    return p && 'id' in p ? p : null;
  });
  protected readonly history = signal<UnitChangeRecordView[] | null>(null);
  protected readonly historyError = signal<string | null>(null);

  protected readonly form = new FormGroup({
    kind: new FormControl<'merge' | 'split'>('merge', { nonNullable: true }),
    // Merge
    sourceUnitCodes: new FormControl<string[]>([], { nonNullable: true }),
    successorMode: new FormControl<'existing' | 'new'>('existing', { nonNullable: true }),
    successorUnitCode: new FormControl('', { nonNullable: true }),
    newSuccessor: newUnitGroup(),
    // Split
    sourceUnitCode: new FormControl('', { nonNullable: true }),
    successorUnitCodes: new FormControl<string[]>([], { nonNullable: true }),
    newSuccessorUnits: new FormArray<NewUnitGroup>([]),
    defaultSuccessorCode: new FormControl('', { nonNullable: true }),
    // Both
    effectiveAt: new FormControl(this.today, { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(1000)] }),
  });
  /** A split's per-task and per-user successors chosen on the preview (by id → successor code). */
  protected readonly taskChoices = signal<Record<string, string>>({});
  protected readonly userChoices = signal<Record<string, string>>({});
  protected readonly historyUnit = new FormControl('', { nonNullable: true });
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  protected readonly kind = computed(() => this.value().kind ?? 'merge');
  protected readonly successorMode = computed(() => this.value().successorMode ?? 'existing');
  /** A split's successors as chosen so far (existing by code, new by the code typed), for the default and per-row selects. */
  protected readonly splitSuccessors = computed(() => {
    const v = this.value();
    const names = new Map(this.units().map((u) => [u.code, u.name]));
    const existing = (v.successorUnitCodes ?? []).map((code) => ({ code, name: names.get(code) ?? code }));
    const fresh = (v.newSuccessorUnits ?? []).filter((u) => u.code?.trim()).map((u) => ({ code: (u.code ?? '').trim(), name: (u.name ?? '').trim() || (u.code ?? '').trim() }));
    return [...existing, ...fresh];
  });

  constructor() {
    void this.load();
    this.form.valueChanges.subscribe(() => {
      // A preview is of the form as it was: any change asks for another.
      if (this.plan() && !this.recorded()) this.plan.set(null);
    });
    this.historyUnit.valueChanges.subscribe((code) => void this.loadHistory(code));
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.units.set(await this.directory.units());
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected newUnits(): NewUnitGroup[] {
    return this.form.controls.newSuccessorUnits.controls;
  }

  protected addNewUnit(): void {
    this.form.controls.newSuccessorUnits.push(newUnitGroup());
  }

  protected removeNewUnit(i: number): void {
    this.form.controls.newSuccessorUnits.removeAt(i);
  }

  protected chooseTask(id: string, code: string): void {
    this.taskChoices.update((c) => ({ ...c, [id]: code }));
  }

  protected chooseUser(id: string, code: string): void {
    this.userChoices.update((c) => ({ ...c, [id]: code }));
  }

  /** The request the form says (the API checks the rest and answers field by field). */
  private request(): { kind: 'merge'; body: UnitMergeRequest } | { kind: 'split'; body: UnitSplitRequest } {
    const v = this.form.getRawValue();
    const common = { effectiveAt: v.effectiveAt, reason: v.reason.trim() };
    const unit = (u: NewUnitGroup['value']): NewSuccessorUnit => ({
      code: (u.code ?? '').trim(),
      name: (u.name ?? '').trim(),
      kind: u.kind,
      ...(u.parentCode ? { parentCode: u.parentCode } : {}),
    });
    if (v.kind === 'merge') {
      return {
        kind: 'merge',
        body: {
          sourceUnitCodes: v.sourceUnitCodes,
          ...(v.successorMode === 'new' ? { newSuccessorUnit: unit(v.newSuccessor) } : { successorUnitCode: v.successorUnitCode }),
          ...common,
        },
      };
    }
    const tasks = Object.entries(this.taskChoices()).filter(([, code]) => code && code !== v.defaultSuccessorCode).map(([taskId, successorCode]) => ({ taskId, successorCode }));
    const users = Object.entries(this.userChoices()).filter(([, code]) => code && code !== v.defaultSuccessorCode).map(([userId, successorCode]) => ({ userId, successorCode }));
    return {
      kind: 'split',
      body: {
        sourceUnitCode: v.sourceUnitCode,
        ...(v.successorUnitCodes.length ? { successorUnitCodes: v.successorUnitCodes } : {}),
        ...(v.newSuccessorUnits.length ? { newSuccessorUnits: v.newSuccessorUnits.map(unit) } : {}),
        defaultSuccessorCode: v.defaultSuccessorCode,
        ...(tasks.length ? { tasks } : {}),
        ...(users.length ? { users } : {}),
        ...common,
      },
    };
  }

  private send(preview: boolean) {
    const r = this.request();
    return r.kind === 'merge' ? this.directory.mergeUnits(r.body, preview) : this.directory.splitUnit(r.body, preview);
  }

  /** Asks the API what the change would move; writes nothing. */
  protected async preview(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.controls.reason.invalid || this.form.controls.effectiveAt.invalid) return;
    const plan = await this.outcome.run(() => this.send(true));
    if (plan) this.plan.set(plan);
  }

  /** Records the change previewed, after a confirmation naming what moves. */
  protected async record(): Promise<void> {
    const plan = this.plan();
    if (!plan) return;
    const go = await this.confirmDialog.ask({
      title: this.transloco.translate(plan.kind === 'merge' ? 'unitChanges.confirmMerge' : 'unitChanges.confirmSplit', {
        sources: plan.sources.map((s) => s.name).join(', '),
        successors: plan.successors.map((s) => s.name).join(', '),
      }),
      message: this.transloco.translate('unitChanges.confirmMessage', { tasks: plan.tasks.length, users: plan.users.length, day: plan.effectiveOn.split('-').reverse().join('/') }),
      confirm: this.transloco.translate('unitChanges.record'),
      danger: true,
    });
    if (!go) return;
    const change = await this.outcome.run(() => this.send(false), 'unitChanges.recorded');
    if (!change) return;
    this.plan.set(change);
    await this.load();
    const code = change.successors[0]?.code;
    if (code) this.historyUnit.setValue(code);
  }

  /** Starts another change: the form emptied, the last one's outcome kept in the history below. */
  protected startOver(): void {
    this.plan.set(null);
    this.taskChoices.set({});
    this.userChoices.set({});
    this.form.controls.newSuccessorUnits.clear();
    this.form.reset({ kind: this.form.controls.kind.value, effectiveAt: this.today });
  }

  private async loadHistory(code: string): Promise<void> {
    this.history.set(null);
    this.historyError.set(null);
    if (!code) return;
    try {
      this.history.set(await this.directory.unitChanges(code));
    } catch (err) {
      this.historyError.set(apiError(err).code);
    }
  }

  protected readonly nameOf = (u: { name: string }) => u.name;
  /** The obligations whose receiving unit moves, as "code (from → to)". */
  protected obligationCodes(p: UnitChangePlanView): string {
    return (p.obligationsReceived ?? []).map((o) => `${o.code} (${o.fromUnitCode} → ${o.toUnitCode})`).join(', ');
  }

  protected summaryText(s: Record<string, number>): string {
    return Object.entries(s)
      .map(([k, n]) => this.transloco.translate(`unitChanges.summary.${k}`, { count: n }))
      .join(' · ');
  }
}
