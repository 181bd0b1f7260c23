/**
 * A share of a total as a percentage rounded half-up to two decimals, as the ministry prints it (59/96 → 61.46).
 * Works in integers so that 0.5 steps are not lost to binary fractions; a total of 0 gives 0.
 */
export function percentOf(count: number, total: number): number {
  if (total <= 0) return 0;
  // count/total*100 to 2 decimals = round(count * 10000 / total) / 100, half-up on the integer quotient.
  const scaled = count * 10000;
  const quotient = Math.floor(scaled / total);
  const remainder = scaled - quotient * total;
  return (remainder * 2 >= total ? quotient + 1 : quotient) / 100;
}

/** The display languages of the product; Vietnamese first. */
export type DisplayLanguage = 'vi' | 'en';

/** A percentage as people read it: two decimals, a decimal comma in Vietnamese (61,46%), a point in English (61.46%). */
export function formatPercent(percent: number, language: DisplayLanguage = 'vi'): string {
  return `${formatDecimal(percent, language, 2)}%`;
}

/** A number with the reader's decimal separator (98,67 in Vietnamese), `digits` decimals at most unless fixed. */
export function formatDecimal(value: number, language: DisplayLanguage = 'vi', fixedDigits?: number): string {
  return numberFormat(language, fixedDigits).format(value);
}

// Building an Intl.NumberFormat costs far more than using one; a dashboard formats thousands of figures per draw.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: DisplayLanguage, fixedDigits?: number): Intl.NumberFormat {
  const key = `${language}:${fixedDigits ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: fixedDigits ?? 0, maximumFractionDigits: fixedDigits ?? 2, useGrouping: false });
    formats.set(key, format);
  }
  return format;
}
