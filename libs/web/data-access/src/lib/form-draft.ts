import type { AbstractControl } from '@angular/forms';

const PREFIX = 'tiendo.draft.';

/**
 * Keeps what the user typed in a form for this tab: restored after a reload or after signing in again when the
 * session expired mid-form, cleared once the action succeeded. Leave passwords out of a drafted form.
 * The subscription lives as long as the form, which its component owns.
 */
export class FormDraft {
  private key: string;

  constructor(
    private readonly form: AbstractControl,
    key: string,
  ) {
    this.key = PREFIX + key;
    form.valueChanges.subscribe((value) => {
      try {
        sessionStorage.setItem(this.key, JSON.stringify(value));
      } catch {
        // Storage full or refused: the form still works, only the safety net is gone.
      }
    });
    this.restore();
  }

  /** Points the draft at another record (a dialog reused for several tasks) and restores what was kept for it. */
  switchTo(key: string): void {
    this.key = PREFIX + key;
    this.restore();
  }

  clear(): void {
    sessionStorage.removeItem(this.key);
  }

  private restore(): void {
    try {
      const saved = sessionStorage.getItem(this.key);
      if (saved) this.form.patchValue(JSON.parse(saved), { emitEvent: false });
    } catch {
      // A draft that cannot be read is dropped, not fatal.
    }
  }
}
