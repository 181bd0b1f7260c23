import { inject, Pipe, PipeTransform } from '@angular/core';
import { formatDecimal, formatLocalDate, formatPercent, LocalDate, VN_TIME_ZONE } from '@tiendo/domain';
import { Language } from './language';

/** A calendar day ('2020-06-30') as dd/MM/yyyy, in either language. */
@Pipe({ name: 'tdDate' })
export class LocalDatePipe implements PipeTransform {
  transform(value: LocalDate | null | undefined, empty = '—'): string {
    return value ? formatLocalDate(value) : empty;
  }
}

/** An instant as dd/MM/yyyy HH:mm, as the clock reads in Vietnam whatever the browser's time zone. */
@Pipe({ name: 'tdDateTime' })
export class DateTimePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return value ? formatDateTime(value) : '—';
  }
}

export function formatDateTime(instant: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: VN_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/** 61.46 → "61,46%" in Vietnamese, "61.46%" in English. Impure: it follows the language switch. */
@Pipe({ name: 'tdPercent', pure: false })
export class PercentPipe implements PipeTransform {
  private readonly language = inject(Language);
  transform(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : formatPercent(value, this.language.current());
  }
}

/**
 * 98.67 → "98,67" in Vietnamese, "98.67" in English, always with `fractionDigits` decimals (2 unless told: 100 →
 * "100,00"), so a column of figures lines up. The one way the web writes a decimal number; percentages use tdPercent.
 * Impure: it follows the language switch.
 */
@Pipe({ name: 'tdNumber', pure: false })
export class DecimalNumberPipe implements PipeTransform {
  private readonly language = inject(Language);
  transform(value: number | null | undefined, fractionDigits = 2): string {
    return value === null || value === undefined ? '—' : formatDecimal(value, this.language.current(), fractionDigits);
  }
}
