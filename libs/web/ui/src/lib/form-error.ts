import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@tiendo/web-i18n';

/** Every form that can fail, each with the lead of its banner in the catalogues (`errors.action.<action>`). */
export const FORM_ACTIONS = [
  'assign',
  'progress',
  'complete',
  'extension',
  'return',
  'reopen',
  'cancel',
  'decide',
  'reassign',
  'document',
  'unit',
  'user',
  'holiday',
  'holidayRemove',
  'workingDay',
  'workingDayRemove',
  'reminders',
  'organisation',
  'retryDelivery',
  'password',
  'comment',
  'commentEdit',
  'commentDelete',
  'upload',
  'fileDelete',
  'download',
  'split',
  'follow',
  'preferences',
  'obligation',
  'obligationEnd',
  'remind',
  'confirmReport',
  'returnReport',
  'submitReport',
  'template',
  'adHocRequest',
  'unitChange',
  'secondFactor',
  'secondFactorReset',
  'mappingRule',
] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];

/**
 * A form's failure, in the user's language: what did not happen (the action) and why (the API's code, e.g.
 * "Chưa giao được nhiệm vụ: Hạn xử lý không được trước ngày giao."). A code the catalogue does not know reads as
 * the general ERROR text; the field errors stay beside their fields (`td-field-error`).
 */
@Component({
  selector: 'td-form-error',
  imports: [TranslocoDirective],
  template: `
    @if (code(); as c) {
      <p class="form-error" role="alert" *transloco="let t">{{ t('errors.action.' + action()) }} {{ reason(t, c) }}</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormErrorBanner {
  readonly action = input.required<FormAction>();
  /** The API's `code` (or NETWORK); nothing is shown while it is null. */
  readonly code = input<string | null | undefined>(null);

  protected reason(t: (key: string) => string, code: string): string {
    const key = `errors.code.${code}`;
    const text = t(key);
    return text === key ? t('errors.code.ERROR') : text;
  }
}
