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

/**
 * A percentage as people read it: two decimals and a decimal comma (61,46%). In both display languages: numbers are
 * written the Vietnamese way in English too, as dates stay dd/MM/yyyy (issue 12's decision; `language` is kept for
 * the callers and does not change the result).
 */
export function formatPercent(percent: number, language: DisplayLanguage = 'vi'): string {
  return `${formatDecimal(percent, language, 2)}%`;
}

/** A number with a decimal comma (98,67) in both languages (see formatPercent), 2 decimals at most unless fixed. */
export function formatDecimal(value: number, _language: DisplayLanguage = 'vi', fixedDigits?: number): string {
  return numberFormat(fixedDigits).format(value);
}

/** A count the Vietnamese way, thousands grouped by a dot (2318 → "2.318"), in both languages. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}
const countFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2, useGrouping: true });

// Building an Intl.NumberFormat costs far more than using one; a dashboard formats thousands of figures per draw.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(fixedDigits?: number): Intl.NumberFormat {
  const key = `${fixedDigits ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: fixedDigits ?? 0, maximumFractionDigits: fixedDigits ?? 2, useGrouping: false });
    formats.set(key, format);
  }
  return format;
}
