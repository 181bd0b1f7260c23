import { EnvironmentProviders, Injectable, isDevMode } from '@angular/core';
import { DefaultTranspiler, provideTransloco, provideTranslocoTranspiler, Translation, TranslocoLoader, TranspileParams } from '@jsverse/transloco';
import { formatCount } from '@tiendo/domain';
import { vi } from './catalogue/vi';

/** Parameters that are numbers but not quantities: written as they are (a year is 2027, never "2.027"). */
const NOT_QUANTITIES = new Set(['year']);

/**
 * Every number given to a message is written the Vietnamese way, in both languages (issue 12's decision, as dates
 * stay dd/MM/yyyy): "Quá hạn {{days}} ngày" with 2318 reads "Quá hạn 2.318 ngày", "2,5" for a decimal. One place
 * for every catalogue placeholder, so no screen passes a raw number through.
 */
@Injectable()
export class VietnameseNumbersTranspiler extends DefaultTranspiler {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Transloco's own signature
  override transpile(params: TranspileParams): any {
    return super.transpile({ ...params, params: vietnameseNumbers(params.params) });
  }
}

type Params = Record<string, unknown>;

export function vietnameseNumbers(params: Params | undefined): Params | undefined {
  if (!params) return params;
  let out: Params | undefined;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number' && Number.isFinite(value) && !NOT_QUANTITIES.has(key)) {
      out ??= { ...params };
      out[key] = formatCount(value);
    }
  }
  return out ?? params;
}

/** Vietnamese ships in the main bundle (no flash of keys on the first screen); English loads when chosen. */
@Injectable({ providedIn: 'root' })
export class CatalogueLoader implements TranslocoLoader {
  getTranslation(lang: string): Promise<Translation> {
    return lang === 'en' ? import('./catalogue/en').then((m) => m.en) : Promise.resolve(vi);
  }
}

export function provideI18n(): EnvironmentProviders[] {
  return [
    ...provideTransloco({
      config: { availableLangs: ['vi', 'en'], defaultLang: 'vi', fallbackLang: 'vi', reRenderOnLangChange: true, prodMode: !isDevMode(), missingHandler: { useFallbackTranslation: true } },
      loader: CatalogueLoader,
    }),
    provideTranslocoTranspiler(VietnameseNumbersTranspiler),
  ];
}
