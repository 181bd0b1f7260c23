import { afterNextRender, ChangeDetectionStrategy, Component, computed, Directive, effect, ElementRef, HostListener, inject, Injector, input, signal } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import { formatCount } from '@tiendo/domain';
import { TranslocoDirective } from '@tiendo/web-i18n';

/**
 * A limited field's limit and how much of it is used ("12/500 ký tự"), shown from the start so the limit is known
 * before it is reached; the count turns red past the limit. Link it from the field's aria-describedby.
 */
@Component({
  selector: 'td-char-count',
  imports: [TranslocoDirective],
  // Counts written the Vietnamese way in both languages: "0/10.000 ký tự", "0/10.000 characters".
  template: `<span class="count" [class.over]="over()" *transloco="let t">{{ t('limits.count', { used: number(used()), max: number(max()) }) }}</span>`,
  styles: `:host { display: block; text-align: right; font-size: 0.85rem; color: #475467; } .over { color: #b42318; font-weight: 600; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CharCount {
  /** The field's form control, or (for a field kept in a signal) its `text`. */
  readonly control = input<AbstractControl<string | null> | null>(null);
  readonly text = input<string | null>(null);
  readonly max = input.required<number>();
  private readonly value = signal('');
  protected readonly used = computed(() => [...(this.text() ?? this.value())].length);
  protected readonly over = computed(() => this.used() > this.max());

  protected number(n: number): string {
    return formatCount(n); // the Vietnamese way in both languages (10.000)
  }

  constructor() {
    effect((onCleanup) => {
      const control = this.control();
      if (!control) return;
      this.value.set(control.value ?? '');
      const sub = control.valueChanges.subscribe((v) => this.value.set(v ?? ''));
      onCleanup(() => sub.unsubscribe());
    });
  }
}

/**
 * The first of a control's own errors (Angular's validators), as the catalogue key and its values: a title over
 * 500 characters reads "Tối đa 500 ký tự (đang có 501)", not "Không được để trống".
 */
export function controlErrorKey(control: AbstractControl): { key: string; params: Record<string, unknown> } | null {
  const e = control.errors;
  if (!e) return null;
  if (e['required']) return { key: 'errors.required', params: {} };
  if (e['maxlength']) return { key: 'limits.tooLong', params: { max: e['maxlength'].requiredLength, actual: e['maxlength'].actualLength } };
  if (e['minlength']) return { key: 'limits.tooShort', params: { min: e['minlength'].requiredLength } };
  if (e['email']) return { key: 'errors.rule.isEmail', params: {} };
  if (e['pattern']) return { key: 'errors.rule.matches', params: {} };
  if (e['min'] || e['max']) return { key: 'errors.rule.max', params: {} };
  return { key: 'errors.rule.unknownValue', params: {} };
}

/** A control's own error beside it, once touched, in the words that fit its kind (see `controlErrorKey`). */
@Component({
  selector: 'td-control-error',
  imports: [TranslocoDirective],
  template: `
    @if (shown(); as e) {
      <span class="field-error" *transloco="let t">{{ t(e.key, e.params) }}</span>
    }
  `,
  styles: `:host { display: block; } .field-error { display: block; color: #b42318; font-size: 0.9rem; margin-top: 0.2rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ControlErrorText {
  readonly control = input.required<AbstractControl>();
  private readonly tick = signal(0);
  protected readonly shown = computed(() => {
    this.tick();
    const c = this.control();
    return c.touched ? controlErrorKey(c) : null;
  });

  constructor() {
    effect((onCleanup) => {
      const control = this.control();
      const sub = control.events.subscribe(() => this.tick.update((n) => n + 1));
      onCleanup(() => sub.unsubscribe());
    });
  }
}

/**
 * After a refused submit, focus goes to the first field in error (Angular's `ng-invalid` on a touched control, or
 * `aria-invalid="true"` set from the API's field errors), in the order of the page; the error text it describes is
 * read with it. Call after the view has drawn the errors (e.g. `afterNextRender` or a `setTimeout(…, 0)`).
 */
export function focusFirstError(root: HTMLElement | null | undefined): boolean {
  const field = root?.querySelector<HTMLElement>(
    'input.ng-invalid.ng-touched, select.ng-invalid.ng-touched, textarea.ng-invalid.ng-touched, [aria-invalid="true"]',
  );
  if (!field) return false;
  field.focus();
  return true;
}

/**
 * On a form: after a submit the form's own rules refuse, focus goes to the first field in error (the submit handler
 * marks the controls touched; the next render draws the errors, then `focusFirstError` runs). A submit that passes
 * leaves focus where it is.
 */
@Directive({ selector: 'form[tdFocusFirstError]' })
export class FocusFirstErrorOnSubmit {
  private readonly host = inject<ElementRef<HTMLFormElement>>(ElementRef);
  private readonly injector = inject(Injector);

  @HostListener('submit')
  protected submitted(): void {
    afterNextRender(() => focusFirstError(this.host.nativeElement), { injector: this.injector });
  }
}
