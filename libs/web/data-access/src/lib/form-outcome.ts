import { signal } from '@angular/core';
import type { FieldError } from '@tiendo/contracts';
import { apiError, fieldErrors } from './api-error';

/** The outcome of a form: the API's error code and its field errors, or a notice on success. */
export class FormOutcome {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly errors = signal<Record<string, FieldError[]>>({});
  readonly notice = signal<string | null>(null);

  /**
   * Runs one save: busy while it runs, the notice (a catalogue key) on success, the API's errors on failure. Resolves
   * to null when it failed or another save was still running; a form that leaves the page on success needs no notice.
   */
  async run<T>(action: () => Promise<T>, noticeKey?: string): Promise<T | null> {
    if (this.busy()) return null;
    this.busy.set(true);
    this.error.set(null);
    this.errors.set({});
    this.notice.set(null);
    try {
      const result = await action();
      this.notice.set(noticeKey ?? null);
      return result;
    } catch (err) {
      const body = apiError(err);
      this.error.set(body.code);
      this.errors.set(fieldErrors(body));
      return null;
    } finally {
      this.busy.set(false);
    }
  }
}
