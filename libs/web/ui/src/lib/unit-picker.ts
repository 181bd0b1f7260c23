import { ChangeDetectionStrategy, Component, computed, ElementRef, forwardRef, input, linkedSignal, signal, viewChild } from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { TranslocoPipe } from '@tiendo/web-i18n';
import type { UnitOption } from './unit-options';

/**
 * Text folded as the server's search rule folds it (libs/server/core text-search.ts): tone marks, diacritics and case
 * optional, đ as d, white space collapsed. "Công nghệ" and "CONG NGHE" both give "cong nghe".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

interface UnitKey {
  unit: UnitOption;
  /** Folded code and name. */
  text: string;
  /** First letters of the name's words: "Công nghệ thông tin" → "cntt". */
  initials: string;
}

/** Keys built once per list of units, so that each keystroke only compares strings (1,000 units: well under 1 ms). */
export function unitKeys(units: readonly UnitOption[]): UnitKey[] {
  return units.map((unit) => {
    const name = foldText(unit.name);
    return { unit, text: `${foldText(unit.code)}\n${name}`, initials: name.split(/[\s\-–,()&]+/).filter(Boolean).map((w) => w[0]).join('') };
  });
}

/**
 * The units matching what was typed, in tree order: every word found in the code or the name (the search rule), or
 * the query being the start of the name's initials ("cntt" finds "Vụ Công nghệ thông tin" — "vcntt" contains it).
 */
export function filterUnits(keys: readonly UnitKey[], query: string): UnitOption[] {
  const q = foldText(query);
  if (!q) return keys.map((k) => k.unit);
  const words = q.split(' ');
  const compact = q.replace(/ /g, '');
  return keys.filter((k) => words.every((w) => k.text.includes(w)) || (compact.length >= 2 && k.initials.includes(compact))).map((k) => k.unit);
}

/** At most this many options are drawn at once; typing narrows the rest (a ministry has about 1,000 units). */
const SHOWN = 80;
let nextId = 0;

/**
 * A searchable unit picker (the combobox pattern of WAI-ARIA APG: a text box that filters a listbox), its value the
 * unit's code ('' for the empty choice, when `emptyLabel` is given), or with `multiple` a list of codes shown as
 * removable chips. Type a code or a name (tone marks optional) or initials; arrows move, Enter chooses, Escape
 * closes and restores. The tree shows by indentation. The caller passes the units the user may choose
 * (`unitOptions(...)`, limited as the screen requires).
 */
@Component({
  selector: 'td-unit-picker',
  imports: [TranslocoPipe],
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => UnitPicker), multi: true }],
  template: `
    <div class="picker" [class.open]="open()">
      @if (multiple()) {
        <ul class="chips" [attr.aria-label]="'unitPicker.chosen' | transloco">
          @for (code of values(); track code) {
            <li class="chip">
              {{ nameOf(code) }}
              <button type="button" class="chip-x" [disabled]="disabled()" [attr.aria-label]="('unitPicker.remove' | transloco) + ' ' + nameOf(code)" (click)="remove(code)">×</button>
            </li>
          }
        </ul>
      }
      <input
        #box
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        [id]="inputId()"
        [attr.aria-expanded]="open()"
        [attr.aria-controls]="listId"
        [attr.aria-activedescendant]="open() && active() >= 0 ? optionId(active()) : null"
        [attr.aria-describedby]="describedBy() || null"
        [attr.aria-invalid]="invalid() || null"
        [attr.placeholder]="placeholder() || ('unitPicker.placeholder' | transloco)"
        [disabled]="disabled()"
        [value]="open() ? query() : shownText()"
        (input)="typed($any($event.target).value)"
        (focus)="onFocus()"
        (click)="openList()"
        (blur)="onBlur()"
        (keydown)="key($event)"
      />
      <ul class="list" role="listbox" [id]="listId" [hidden]="!open()" [attr.aria-multiselectable]="multiple() || null" [attr.aria-label]="'unitPicker.list' | transloco" (mousedown)="$event.preventDefault()">
        @for (u of shown(); track u.code; let i = $index) {
          <!-- The combobox pattern (WAI-ARIA APG): the keyboard stays in the text box (arrows, Enter, Escape in key(),
            the active option through aria-activedescendant), so an option is clicked, never focused. -->
          <!-- eslint-disable-next-line @angular-eslint/template/click-events-have-key-events, @angular-eslint/template/interactive-supports-focus -->
          <li
            role="option"
            [id]="optionId(i)"
            [class.active]="i === active()"
            [class.inactive]="!u.active"
            [attr.aria-selected]="isChosen(u.code)"
            [style.padding-left.rem]="0.5 + u.depth * 1"
            (click)="choose(u)"
          >
            {{ u.name }} <span class="code">{{ u.code }}</span>
          </li>
        } @empty {
          <li class="none" role="option" aria-disabled="true" aria-selected="false">{{ 'unitPicker.none' | transloco }}</li>
        }
        @if (more() > 0) {
          <li class="more" role="presentation">{{ 'unitPicker.more' | transloco: { count: more() } }}</li>
        }
      </ul>
    </div>
  `,
  styles: `
    :host { display: block; position: relative; }
    .picker input { width: 100%; }
    .list { position: absolute; z-index: 30; left: 0; right: 0; max-height: 18rem; overflow-y: auto; margin: 2px 0 0; padding: 0.25rem 0;
      list-style: none; background: var(--surface, #fff); border: 1px solid var(--border, #c4c9d4); border-radius: 6px; box-shadow: 0 6px 18px rgb(0 0 0 / 0.12); }
    .list li { padding: 0.35rem 0.5rem; cursor: pointer; line-height: 1.3; }
    .list li.active { background: var(--accent-soft, #dbe7ff); outline: 2px solid var(--accent, #1f5bd8); outline-offset: -2px; }
    .list li[aria-selected='true'] { font-weight: 600; }
    .list li.inactive { color: var(--muted, #667); }
    .list .code { color: var(--muted, #556); font-size: 0.8em; margin-left: 0.35rem; }
    .list .none, .list .more { cursor: default; color: var(--muted, #556); font-style: italic; }
    .chips { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0 0 0.25rem; padding: 0; }
    .chip { display: inline-flex; align-items: center; gap: 0.25rem; background: var(--accent-soft, #e8eefc); border-radius: 999px; padding: 0.1rem 0.25rem 0.1rem 0.6rem; font-size: 0.9em; }
    .chip-x { border: 0; background: transparent; cursor: pointer; font-size: 1.1em; line-height: 1; padding: 0.1rem 0.35rem; min-width: 24px; min-height: 24px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitPicker implements ControlValueAccessor {
  /** The units offered, in tree order (`unitOptions`). */
  readonly units = input.required<readonly UnitOption[]>();
  readonly inputId = input<string>(`td-unit-picker-${nextId++}`);
  /** A first choice with the value '' ("every unit"); none when not given. */
  readonly emptyLabel = input<string>('');
  readonly multiple = input(false);
  readonly placeholder = input('');
  readonly describedBy = input('');
  readonly invalid = input(false);

  protected readonly listId = `td-unit-list-${nextId++}`;
  protected readonly open = signal(false);
  protected readonly query = signal('');
  protected readonly disabled = signal(false);
  protected readonly values = signal<string[]>([]);
  private readonly box = viewChild.required<ElementRef<HTMLInputElement>>('box');

  private readonly keys = computed(() => unitKeys(this.units()));
  private readonly byCode = computed(() => new Map(this.units().map((u) => [u.code, u])));
  private readonly matches = computed(() => {
    const found = filterUnits(this.keys(), this.query());
    const empty = this.emptyLabel();
    return empty && !this.query().trim() && !this.multiple() ? [{ code: '', name: empty, depth: 0, label: empty, active: true }, ...found] : found;
  });
  protected readonly shown = computed(() => this.matches().slice(0, SHOWN));
  /**
   * The option the keyboard is on (its index in `shown`, -1 for none). When the options change under it (the units
   * arrive after the user typed, as on a slow line; they are loaded again), the same unit stays active where it is
   * still shown, else the first option is: Enter then chooses what the list shows, never nothing.
   */
  protected readonly active = linkedSignal<readonly UnitOption[], number>({
    source: this.shown,
    computation: (shown, previous) => {
      const code = previous && previous.value >= 0 ? previous.source[previous.value]?.code : undefined;
      const kept = code === undefined ? -1 : shown.findIndex((u) => u.code === code);
      return kept >= 0 ? kept : shown.length ? 0 : -1;
    },
  });
  protected readonly more = computed(() => this.matches().length - this.shown().length);
  protected readonly shownText = computed(() => (this.multiple() ? '' : this.values()[0] ? this.nameOf(this.values()[0]) : this.emptyLabel()));

  private onChange: (value: string | string[]) => void = () => undefined;
  private onTouched: () => void = () => undefined;

  writeValue(value: string | string[] | null): void {
    this.values.set(Array.isArray(value) ? [...value] : value ? [value] : []);
  }
  registerOnChange(fn: (value: string | string[]) => void): void {
    this.onChange = fn;
  }
  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }
  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected nameOf(code: string): string {
    return this.byCode().get(code)?.name ?? code;
  }

  protected isChosen(code: string): boolean {
    return this.multiple() ? this.values().includes(code) : (this.values()[0] ?? '') === code;
  }

  protected optionId(i: number): string {
    return `${this.listId}-${i}`;
  }

  protected onFocus(): void {
    // Focus alone does not open the list (Tab through a form stays quiet); typing, a click or ArrowDown does.
  }

  protected openList(): void {
    if (this.open() || this.disabled()) return;
    this.query.set('');
    this.open.set(true);
    const current = this.shown().findIndex((u) => this.isChosen(u.code));
    this.active.set(Math.max(0, current));
    this.scrollActive();
  }

  protected typed(text: string): void {
    this.query.set(text);
    this.open.set(true);
    this.active.set(this.shown().length ? 0 : -1);
  }

  protected onBlur(): void {
    this.close();
    this.onTouched();
  }

  protected key(event: KeyboardEvent): void {
    const n = this.shown().length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.open()) return this.openList();
        this.active.set(n ? (this.active() + 1) % n : -1);
        this.scrollActive();
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (!this.open()) return this.openList();
        this.active.set(n ? (this.active() - 1 + n) % n : -1);
        this.scrollActive();
        return;
      case 'Home':
      case 'End':
        if (!this.open() || !n) return;
        event.preventDefault();
        this.active.set(event.key === 'Home' ? 0 : n - 1);
        this.scrollActive();
        return;
      case 'Enter':
        if (!this.open()) return;
        // Enter chooses; it never submits the form while the list is open.
        event.preventDefault();
        if (this.active() >= 0 && this.active() < n) this.choose(this.shown()[this.active()]);
        return;
      case 'Escape':
        if (!this.open()) return;
        event.preventDefault();
        event.stopPropagation();
        this.close();
        return;
      case 'Backspace':
        if (this.multiple() && !this.query() && this.values().length) this.remove(this.values()[this.values().length - 1]);
        return;
    }
  }

  protected choose(unit: UnitOption): void {
    if (this.multiple()) {
      const next = this.values().includes(unit.code) ? this.values().filter((c) => c !== unit.code) : [...this.values(), unit.code];
      this.values.set(next);
      this.onChange(next);
      this.query.set('');
      this.box().nativeElement.value = '';
      return;
    }
    this.values.set(unit.code ? [unit.code] : []);
    this.onChange(unit.code);
    this.close();
  }

  protected remove(code: string): void {
    const next = this.values().filter((c) => c !== code);
    this.values.set(next);
    this.onChange(next);
  }

  /**
   * Closes the list and puts the chosen unit's name back in the box. The box is written here, not left to the
   * `[value]` binding: when opening, typing and closing all fall between two change detections, the binding's value
   * is the same name as before and Angular leaves the typed text in the box (CI saw "buu" stay after Escape).
   */
  private close(): void {
    this.open.set(false);
    this.query.set('');
    this.active.set(-1);
    this.box().nativeElement.value = this.shownText();
  }

  private scrollActive(): void {
    const id = this.optionId(this.active());
    queueMicrotask(() => document.getElementById(id)?.scrollIntoView?.({ block: 'nearest' }));
  }
}
