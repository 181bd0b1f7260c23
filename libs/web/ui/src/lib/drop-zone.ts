import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';

/**
 * Where files are dropped or chosen: drag and drop, or the button (a real button, reached with Tab and pressed with
 * Enter or Space) that opens the file chooser. States its limits; emits the files chosen, the page uploads them.
 */
@Component({
  selector: 'td-drop-zone',
  template: `
    <div class="zone" [class.over]="over()" [class.disabled]="disabled()" (dragover)="dragOver($event)" (dragleave)="over.set(false)" (drop)="drop($event)">
      <p class="lead">{{ lead() }}</p>
      <button type="button" class="btn" [disabled]="disabled()" [attr.aria-describedby]="inputId() + '-limits'" (click)="fileInput.click()">{{ button() }}</button>
      <input #fileInput class="visually-hidden" type="file" tabindex="-1" aria-hidden="true" [id]="inputId()" [multiple]="multiple()" [accept]="accept()" (change)="choose(fileInput)" />
      <p class="limits" [id]="inputId() + '-limits'">{{ limits() }}</p>
    </div>
  `,
  styles: `
    .zone { border: 2px dashed #98a2b3; border-radius: 10px; padding: 1rem; text-align: center; background: #fff; }
    .zone.over { border-color: #1570ef; background: #eff8ff; }
    .zone.disabled { opacity: 0.6; }
    .lead { margin: 0 0 0.5rem; }
    .limits { margin: 0.5rem 0 0; color: #475467; font-size: 0.9rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DropZone {
  /** The id of the hidden file input (unique on the page). */
  readonly inputId = input.required<string>();
  readonly lead = input.required<string>();
  readonly button = input.required<string>();
  /** The limits as a sentence (size, count, types), read by screen readers with the button. */
  readonly limits = input('');
  readonly accept = input('');
  readonly multiple = input(true);
  readonly disabled = input(false);
  readonly files = output<File[]>();
  protected readonly over = signal(false);

  protected dragOver(event: DragEvent): void {
    event.preventDefault();
    if (!this.disabled()) this.over.set(true);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.over.set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length && !this.disabled()) this.files.emit(this.multiple() ? files : files.slice(0, 1));
  }

  protected choose(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) this.files.emit(files);
  }
}
