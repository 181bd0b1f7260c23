import { EnvironmentProviders, Injectable, isDevMode } from '@angular/core';
import { provideTransloco, Translation, TranslocoLoader } from '@jsverse/transloco';
import { vi } from './catalogue/vi';

/** Vietnamese ships in the main bundle (no flash of keys on the first screen); English loads when chosen. */
@Injectable({ providedIn: 'root' })
export class CatalogueLoader implements TranslocoLoader {
  getTranslation(lang: string): Promise<Translation> {
    return lang === 'en' ? import('./catalogue/en').then((m) => m.en) : Promise.resolve(vi);
  }
}

export function provideI18n(): EnvironmentProviders[] {
  return provideTransloco({
    config: { availableLangs: ['vi', 'en'], defaultLang: 'vi', fallbackLang: 'vi', reRenderOnLangChange: true, prodMode: !isDevMode(), missingHandler: { useFallbackTranslation: true } },
    loader: CatalogueLoader,
  });
}
