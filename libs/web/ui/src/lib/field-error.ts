import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { FieldError } from '@tiendo/contracts';
import { TranslocoService } from '@tiendo/web-i18n';

/** Rules whose API message names the limit: class-validator's, and a recurrence's bounds (TaskSeriesService). */
const LIMIT_RULES = new Set(['maxLength', 'minLength', 'min', 'max', 'arrayMaxSize', 'recurrenceRule', 'minDate']);

/**
 * The API's errors for one field, beside it, in the user's language when the rule is known: class-validator's rules
 * (maxLength…) under `errors.rule`, the product's rules (DEADLINE_BEFORE_ASSIGNMENT…) under `errors.code`; else the
 * API's own (Vietnamese) words.
 */
@Component({
  selector: 'td-field-error',
  template: `
    @for (e of errors(); track $index) {
      <span class="field-error">{{ text(e) }}</span>
    }
  `,
  styles: `:host { display: block; } .field-error { display: block; color: #b42318; font-size: 0.9rem; margin-top: 0.2rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldErrorText {
  private readonly transloco = inject(TranslocoService);
  readonly errors = input<readonly FieldError[] | undefined>([]);

  protected text(e: FieldError): string {
    if (!e.rule) return e.message;
    // A limit's own words carry its number ("Không được dài quá 500 ký tự"): in Vietnamese, the API's message says
    // more than the catalogue's general "Quá dài.".
    if (LIMIT_RULES.has(e.rule) && this.transloco.getActiveLang() !== 'en') return e.message;
    const key = /^[A-Z][A-Z0-9_]*$/.test(e.rule) ? `errors.code.${e.rule}` : `errors.rule.${e.rule}`;
    const translated = this.transloco.translate(key);
    return translated !== key ? translated : e.message;
  }
}
