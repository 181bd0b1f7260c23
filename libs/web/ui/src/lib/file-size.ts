/** A size in bytes as a person reads it, with a Vietnamese decimal comma: 1,5 MB, 820 KB, 12 B. */
export function fileSize(bytes: number, locale = 'vi-VN'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
