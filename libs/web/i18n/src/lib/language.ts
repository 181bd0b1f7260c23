import { DOCUMENT } from '@angular/common';
import { inject, Injectable, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import type { DisplayLanguage } from '@tiendo/domain';

const STORAGE_KEY = 'tiendo.language';
export const LANGUAGES: readonly DisplayLanguage[] = ['vi', 'en'];

/** The language of the screens: Vietnamese unless the user chose English on this browser. */
@Injectable({ providedIn: 'root' })
export class Language {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  readonly current = signal<DisplayLanguage>(stored());

  constructor() {
    this.apply(this.current());
  }

  set(language: DisplayLanguage): void {
    this.current.set(language);
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private browsing may refuse storage: the choice then lasts for this page only.
    }
    this.apply(language);
  }

  private apply(language: DisplayLanguage): void {
    this.document.documentElement.lang = language;
    this.transloco.setActiveLang(language);
  }
}

function stored(): DisplayLanguage {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}
