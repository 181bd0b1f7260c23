import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { type FieldError, TASK_EVENT_KINDS, type TaskEventKind, type WebhookDeliveryView, type WebhookSubscriptionView } from '@tiendo/contracts';
import { AdminApi, apiError, DirectoryApi } from '@tiendo/web-data-access';
import { DateTimePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { ControlErrorText, FocusFirstErrorOnSubmit, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';

/** At least one box of a group of checkboxes ticked (the API's ArrayMinSize(1)), said as "required". */
function oneTicked(group: AbstractControl): ValidationErrors | null {
  return Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { required: true };
}

/**
 * Webhooks (README "Webhooks"): the subscriptions, a form that subscribes a URL to task events of some units and
 * shows the signing secret once, disable, and a subscription's deliveries with every attempt and "send again".
 */
@Component({
  selector: 'td-webhooks-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, DateTimePipe, LoadState, UnitPicker, ControlErrorText, FocusFirstErrorOnSubmit],
  templateUrl: './webhooks-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebhooksAdminPage {
  private readonly admin = inject(AdminApi);
  private readonly directory = inject(DirectoryApi);
  protected readonly kinds = TASK_EVENT_KINDS;
  /** The units a subscription may follow: the active ones, in tree order. */
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly subscriptions = signal<WebhookSubscriptionView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly fieldErrors = signal<FieldError[]>([]);
  protected readonly secret = signal<{ name: string; secret: string } | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** The subscription whose deliveries are shown, and them. */
  protected readonly open = signal<WebhookSubscriptionView | null>(null);
  protected readonly deliveries = signal<WebhookDeliveryView[] | null>(null);
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(120)] }),
    url: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(2000)] }),
    eventTypes: new FormGroup(Object.fromEntries(TASK_EVENT_KINDS.map((k) => [k, new FormControl(false, { nonNullable: true })])) as Record<TaskEventKind, FormControl<boolean>>, { validators: oneTicked }),
    unitCodes: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required] }),
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
      this.subscriptions.set(await this.admin.webhooks());
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected async create(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const eventTypes = TASK_EVENT_KINDS.filter((k) => v.eventTypes[k]);
    await this.act(async () => {
      const created = await this.admin.createWebhook({ name: v.name, url: v.url, eventTypes, unitCodes: v.unitCodes });
      this.secret.set({ name: created.name, secret: created.secret });
      this.form.reset();
    });
  }

  protected async disable(s: WebhookSubscriptionView): Promise<void> {
    await this.act(() => this.admin.disableWebhook(s.id));
  }

  protected async show(s: WebhookSubscriptionView): Promise<void> {
    this.open.set(s);
    this.deliveries.set(null);
    try {
      this.deliveries.set((await this.admin.webhookDeliveries(s.id)).items);
    } catch (err) {
      this.actionError.set(apiError(err).code);
    }
  }

  protected async resend(d: WebhookDeliveryView): Promise<void> {
    this.notice.set(null);
    await this.act(async () => {
      await this.admin.resendWebhookDelivery(d.id);
      this.notice.set('admin.webhookResent');
    });
  }

  protected unitCodes(s: WebhookSubscriptionView): string {
    return s.units.map((u) => u.code).join(', ');
  }

  /** The messages the API gave for `field` (and its items). */
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
      const open = this.open();
      if (open) await this.show(open);
    } catch (err) {
      const e = apiError(err);
      this.actionError.set(e.code);
      this.fieldErrors.set(e.errors ?? []);
    } finally {
      this.busy.set(false);
    }
  }
}
