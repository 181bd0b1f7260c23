import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Page, Role, ROLES, SELECTABLE_SIGN_IN_METHODS, SignInMethod, UserView } from '@tiendo/contracts';
import { apiError, DirectoryApi, FormOutcome, SecondFactorApi } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { LeaderOversightEditor } from './leader-oversight-editor';
import { CharCount, ConfirmDialog, ControlErrorText, FieldErrorText, FormErrorBanner, LoadState, Pager, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';


const PAGE_SIZE = 25;

/** Users and roles: add, change role or unit, deactivate (the next request of that user is refused), reset a password. */
@Component({
  selector: 'td-users-admin-page',
  imports: [ReactiveFormsModule, UnitPicker, LeaderOversightEditor, TranslocoDirective, ControlErrorText, FieldErrorText, LoadState, Pager, FormErrorBanner, CharCount],
  templateUrl: './users-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersAdminPage {
  private readonly directory = inject(DirectoryApi);
  private readonly secondFactors = inject(SecondFactorApi);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  protected readonly roles = ROLES;
  protected readonly signInMethods = SELECTABLE_SIGN_IN_METHODS;
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly data = signal<Page<UserView> | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly page = signal(1);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly editing = signal<UserView | null>(null);
  protected readonly outcome = new FormOutcome();
  /** The reset of the edited user's second factor: its own notice and error, beside the form's. */
  protected readonly resetOutcome = new FormOutcome();

  protected readonly search = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    unit: new FormControl('', { nonNullable: true }),
    role: new FormControl('', { nonNullable: true }),
  });
  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[a-zA-Z0-9._-]{3,64}$/)] }),
    fullName: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(255)] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(255)] }),
    role: new FormControl<Role>('staff', { nonNullable: true }),
    unitCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.minLength(8), Validators.maxLength(128)] }),
    active: new FormControl(true, { nonNullable: true }),
    signInMethod: new FormControl<SignInMethod>('local', { nonNullable: true }),
  });

  constructor() {
    void this.directory.units().then((u) => this.units.set(unitOptions(u)), () => this.units.set([]));
    this.startNew();
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    const s = this.search.getRawValue();
    try {
      this.data.set(await this.directory.users({ q: s.q || undefined, unit: s.unit || undefined, role: (s.role || undefined) as Role | undefined, page: this.page(), pageSize: PAGE_SIZE }));
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected find(): void {
    this.page.set(1);
    void this.load();
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  protected edit(user: UserView): void {
    this.editing.set(user);
    this.resetOutcome.notice.set(null);
    this.resetOutcome.error.set(null);
    this.form.reset({ username: user.username, fullName: user.fullName, email: user.email ?? '', role: user.role, unitCode: user.unitCode, password: '', active: user.active, signInMethod: user.signInMethod });
    this.form.controls.username.disable();
    this.form.controls.password.setValidators([Validators.minLength(8), Validators.maxLength(128)]);
    this.form.controls.password.updateValueAndValidity();
  }

  protected startNew(): void {
    this.editing.set(null);
    this.form.reset({ username: '', fullName: '', email: '', role: 'staff', unitCode: '', password: '', active: true, signInMethod: 'local' });
    this.form.controls.username.enable();
    this.methodChanged();
  }

  /** A new local account needs its first password (the user changes it after signing in); a directory account none. */
  protected methodChanged(): void {
    const needsPassword = !this.editing() && this.form.controls.signInMethod.value === 'local';
    this.form.controls.password.setValidators([...(needsPassword ? [Validators.required] : []), Validators.minLength(8), Validators.maxLength(128)]);
    this.form.controls.password.updateValueAndValidity();
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const user = this.editing();
    // Deactivating signs the person out at once: asked first, in the app's own dialog.
    if (user?.active && !v.active) {
      const title = this.transloco.translate('confirm.deactivateUser', { name: user.fullName });
      if (!(await this.confirmDialog.ask({ title, message: this.transloco.translate('confirm.deactivateUserMessage'), confirm: this.transloco.translate('admin.inactive'), danger: true }))) return;
    }
    const saved = await this.outcome.run(
      () =>
        user
          ? this.directory.updateUser(user.id, {
              fullName: v.fullName.trim(),
              role: v.role,
              unitCode: v.unitCode,
              active: v.active,
              email: v.email.trim() || null,
              ...(v.signInMethod !== user.signInMethod ? { signInMethod: v.signInMethod } : {}),
              ...(v.password ? { password: v.password } : {}),
            })
          : this.directory.createUser({ username: v.username.trim(), fullName: v.fullName.trim(), role: v.role, unitCode: v.unitCode, signInMethod: v.signInMethod, ...(v.password ? { password: v.password } : {}), ...(v.email.trim() ? { email: v.email.trim() } : {}) }),
      user ? 'admin.saved' : 'admin.created',
    );
    if (saved) {
      this.startNew();
      await this.load();
    }
  }

  /**
   * Resets the edited user's second factor (a lost phone), asked first: their authenticator and recovery codes stop
   * working, their sessions end, and a required role enrols again at the next sign-in. Recorded by the API.
   */
  protected async resetSecondFactor(): Promise<void> {
    const user = this.editing();
    if (!user) return;
    const title = this.transloco.translate('confirm.resetSecondFactor', { name: user.fullName });
    const message = this.transloco.translate('confirm.resetSecondFactorMessage');
    if (!(await this.confirmDialog.ask({ title, message, confirm: this.transloco.translate('admin.resetSecondFactor'), danger: true }))) return;
    const answer = await this.resetOutcome.run(() => this.secondFactors.reset(user.id));
    if (answer) this.resetOutcome.notice.set(answer.reset ? 'admin.secondFactorReset' : 'admin.secondFactorNone');
  }
}
