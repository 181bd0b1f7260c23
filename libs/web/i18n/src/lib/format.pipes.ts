import { Pipe, PipeTransform } from '@angular/core';
import { formatCount, formatDecimal, formatLocalDate, formatPercent, LocalDate, VN_TIME_ZONE } from '@tiendo/domain';

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

/** 61.46 → "61,46%", in both languages (numbers are written the Vietnamese way in English too). */
@Pipe({ name: 'tdPercent' })
export class PercentPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : formatPercent(value, 'vi');
  }
}

/**
 * 98.67 → "98,67" in both languages, always with `fractionDigits` decimals (2 unless told: 100 → "100,00"), so a
 * column of figures lines up. The one way the web writes a decimal number; percentages use tdPercent.
 */
@Pipe({ name: 'tdNumber' })
export class DecimalNumberPipe implements PipeTransform {
  transform(value: number | null | undefined, fractionDigits = 2): string {
    return value === null || value === undefined ? '—' : formatDecimal(value, 'vi', fractionDigits);
  }
}

/** A count: 2318 → "2.318", in both languages. */
@Pipe({ name: 'tdCount' })
export class CountPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : formatCount(value);
  }
}
