import { LocalDate } from './local-time';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically for any year.
 *
 * The rules are those published by Hồ Ngọc Đức, "Thuật toán tính âm lịch" (Computing the Vietnamese lunar
 * calendar, https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html), which are the rules of the Chinese
 * calendar since 1645 applied on the meridian of the time zone in use:
 *  1. a month begins on the civil day (in the time zone) of the astronomical new moon;
 *  2. month 11 is the month containing the winter solstice (apparent solar longitude 270°);
 *  3. when 13 months begin between two months 11, the first month after month 11 that contains no principal term
 *     (trung khí: solar longitude a multiple of 30°) is a leap month and repeats the number of the month before.
 * Vietnam computes on UTC+7 (since 1968; the calendar of earlier years followed China's UTC+8), which is why the
 * Vietnamese and the Chinese new year differ in some years (1985: 21/01 in Vietnam, 20/02 in China; 2007: 17/02 vs
 * 18/02; 2030: 02/02 vs 03/02).
 *
 * The astronomy is Jean Meeus, "Astronomical Algorithms" (2nd ed., 1998): true new moons by chapter 49 (mean
 * phase, periodic terms and the 14 planetary arguments, a few seconds of accuracy), the Sun's apparent longitude by
 * chapter 25 (low accuracy, 0.01°), and ΔT = TT − UT by the Espenak–Meeus polynomials (NASA, "Polynomial
 * expressions for Delta T"). Written for this project from those descriptions; checked against the published new
 * years of 1968-2035 in Vietnam and China and Meeus' worked examples, and computed for 1900-2199 (Tết always between
 * 21/01 and 20/02, years of 353-355 or 383-385 days; see lunar-calendar.spec.ts). Near a day boundary
 * (a new moon or a principal term within minutes of local midnight) two implementations can disagree; such days
 * are corrected, like every other government decision, through the holiday administration.
 */

/** Vietnam's standard meridian: UTC+7 hours. */
export const VN_LUNAR_TIME_ZONE = 7;

export interface LunarDate {
  /** The lunar year, named by the solar year in which its month 1 begins (Bính Ngọ = 2026). */
  year: number;
  /** 1-12. */
  month: number;
  /** 1-30. */
  day: number;
  /** True for a leap month (tháng nhuận), which follows the regular month of the same number. */
  leap: boolean;
}

const RAD = Math.PI / 180;
const sinDeg = (deg: number): number => Math.sin(deg * RAD);
/** Julian Day Number of 1970-01-01 (the JDN names the civil day whose noon is that Julian Date). */
const JDN_UNIX_EPOCH = 2440588;
const SYNODIC_MONTH = 29.530588861;

/** Julian Day Number of a Gregorian calendar day. */
export function julianDayNumber(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000) + JDN_UNIX_EPOCH;
}

/** The Gregorian calendar day of a Julian Day Number. */
export function fromJulianDayNumber(jdn: number): LocalDate {
  return new Date((jdn - JDN_UNIX_EPOCH) * 86_400_000).toISOString().slice(0, 10);
}

/** ΔT = TT − UT in seconds for a decimal year (Espenak & Meeus, valid -1999..3000). */
export function deltaTSeconds(year: number): number {
  const longTerm = (y: number): number => {
    const u = (y - 1820) / 100;
    return -20 + 32 * u * u;
  };
  if (year < 1800) return longTerm(year);
  if (year < 1860) {
    const t = year - 1800;
    return 13.72 - 0.332447 * t + 0.0068612 * t ** 2 + 0.0041116 * t ** 3 - 0.00037436 * t ** 4 + 0.0000121272 * t ** 5 - 0.0000001699 * t ** 6 + 0.000000000875 * t ** 7;
  }
  if (year < 1900) {
    const t = year - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year < 2005) {
    const t = year - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  if (year < 2150) return longTerm(year) - 0.5628 * (2150 - year);
  return longTerm(year);
}

/** Decimal year of a Julian Date, precise enough for ΔT. */
function decimalYear(jd: number): number {
  return 2000 + (jd - 2451545.0) / 365.25;
}

/**
 * The moment of the k-th true new moon after the one of 6 January 2000 (k may be negative), as a Julian Date in
 * Universal Time. Meeus, chapter 49.
 */
export function newMoonJulianDate(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  let jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3; // the Sun's mean anomaly
  const Mm = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4; // the Moon's
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4; // argument of latitude
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3; // longitude of the ascending node
  jde +=
    -0.4072 * sinDeg(Mm) +
    0.17241 * E * sinDeg(M) +
    0.01608 * sinDeg(2 * Mm) +
    0.01039 * sinDeg(2 * F) +
    0.00739 * E * sinDeg(Mm - M) -
    0.00514 * E * sinDeg(Mm + M) +
    0.00208 * E * E * sinDeg(2 * M) -
    0.00111 * sinDeg(Mm - 2 * F) -
    0.00057 * sinDeg(Mm + 2 * F) +
    0.00056 * E * sinDeg(2 * Mm + M) -
    0.00042 * sinDeg(3 * Mm) +
    0.00042 * E * sinDeg(M + 2 * F) +
    0.00038 * E * sinDeg(M - 2 * F) -
    0.00024 * E * sinDeg(2 * Mm - M) -
    0.00017 * sinDeg(Om) -
    0.00007 * sinDeg(Mm + 2 * M) +
    0.00004 * sinDeg(2 * Mm - 2 * F) +
    0.00004 * sinDeg(3 * M) +
    0.00003 * sinDeg(Mm + M - 2 * F) +
    0.00003 * sinDeg(2 * Mm + 2 * F) -
    0.00003 * sinDeg(Mm + M + 2 * F) +
    0.00003 * sinDeg(Mm - M + 2 * F) -
    0.00002 * sinDeg(Mm - M - 2 * F) -
    0.00002 * sinDeg(3 * Mm + M) +
    0.00002 * sinDeg(4 * Mm);
  const planetary: Array<[number, number, number]> = [
    // [amplitude in days, argument at k = 0 in degrees, degrees per lunation]
    [0.000325, 299.77, 0.107408],
    [0.000165, 251.88, 0.016321],
    [0.000164, 251.83, 26.651886],
    [0.000126, 349.42, 36.412478],
    [0.00011, 84.66, 18.206239],
    [0.000062, 141.74, 53.303771],
    [0.00006, 207.14, 2.453732],
    [0.000056, 154.84, 7.30686],
    [0.000047, 34.52, 27.261239],
    [0.000042, 207.19, 0.121824],
    [0.00004, 291.34, 1.844379],
    [0.000037, 161.72, 24.198154],
    [0.000035, 239.56, 25.513099],
    [0.000023, 331.55, 3.592518],
  ];
  for (const [amplitude, a0, rate] of planetary) {
    const arg = a0 + rate * k - (a0 === 299.77 ? 0.009173 * T2 : 0);
    jde += amplitude * sinDeg(arg);
  }
  return jde - deltaTSeconds(decimalYear(jde)) / 86400;
}

/** The Sun's apparent ecliptic longitude in degrees [0, 360) at a Julian Date in Universal Time. Meeus, ch. 25. */
export function sunLongitude(jdUt: number): number {
  const jde = jdUt + deltaTSeconds(decimalYear(jdUt)) / 86400;
  const T = (jde - 2451545.0) / 36525;
  const T2 = T * T;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T2;
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T2;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T2) * sinDeg(M) + (0.019993 - 0.000101 * T) * sinDeg(2 * M) + 0.000289 * sinDeg(3 * M);
  const omega = 125.04 - 1934.136 * T;
  const apparent = L0 + C - 0.00569 - 0.00478 * sinDeg(omega);
  return ((apparent % 360) + 360) % 360;
}

/** The Julian Day Number of the civil day, at UTC+`timeZone` hours, on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoonJulianDate(k) + 0.5 + timeZone / 24);
}

/** The Sun's longitude sector (0-11, 30° each) at the local midnight that begins the civil day `jdn`. */
function sunSector(jdn: number, timeZone: number): number {
  return Math.floor(sunLongitude(jdn - 0.5 - timeZone / 24) / 30);
}

/** Index k of the new moon nearest before a Julian Day Number (off by at most one; callers check). */
function lunationBefore(jdn: number): number {
  return Math.floor((jdn - 2451550.09766) / SYNODIC_MONTH);
}

/** The k of the new moon beginning month 11 of the lunar year that ends in the solar year `year`. */
function month11Lunation(year: number, timeZone: number): number {
  const k = lunationBefore(julianDayNumber(`${String(year).padStart(4, '0')}-12-31`));
  // The month beginning before 31/12 contains the solstice unless the Sun already passed 270° when it began.
  const start = newMoonDay(k, timeZone);
  if (start > julianDayNumber(`${String(year).padStart(4, '0')}-12-31`) || sunSector(start, timeZone) >= 9) return k - 1;
  return k;
}

interface LunarMonthSpan {
  start: number;
  /** The lunar year the month belongs to. */
  year: number;
  month: number;
  leap: boolean;
}

/**
 * The months from month 11 of lunar year `year - 1` (which contains the winter solstice of solar year `year - 1`)
 * up to the next month 11, numbered; these hold months 11-12 of lunar year `year - 1` and 1-10 of lunar year `year`.
 * `end` is the Julian Day Number on which the next month 11 begins.
 */
function monthsOfSpan(year: number, timeZone: number): { months: LunarMonthSpan[]; end: number } {
  const key = `${year}@${timeZone}`;
  let span = spans.get(key);
  if (!span) {
    span = computeSpan(year, timeZone);
    spans.set(key, span);
  }
  return span;
}

/** Spans already computed: a few hundred years at most, each a dozen numbers. */
const spans = new Map<string, { months: LunarMonthSpan[]; end: number }>();

function computeSpan(year: number, timeZone: number): { months: LunarMonthSpan[]; end: number } {
  const k11 = month11Lunation(year - 1, timeZone);
  const count = month11Lunation(year, timeZone) - k11; // 12, or 13 in a leap year
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(k11 + i, timeZone));
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      if (sunSector(starts[i], timeZone) === sunSector(starts[i + 1], timeZone)) {
        leapIndex = i;
        break;
      }
    }
  }
  const months = starts.slice(0, count).map((start, i) => {
    const ordinal = leapIndex >= 0 && i >= leapIndex ? i - 1 : i; // regular months counted from month 11
    const month = ((10 + ordinal) % 12) + 1;
    return { start, year: month >= 11 ? year - 1 : year, month, leap: i === leapIndex };
  });
  return { months, end: starts[count] };
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1800 || year > 2199) throw new RangeError(`Lunar calendar year out of range 1800-2199: ${year}`);
}

/**
 * The solar day of a lunar date, at UTC+`timeZone` hours (7 for Vietnam, 8 for China).
 * @throws RangeError for a year outside 1800-2199, or a month or day that the lunar year does not have.
 */
export function lunarToSolar(date: LunarDate, timeZone = VN_LUNAR_TIME_ZONE): LocalDate {
  assertYear(date.year);
  const { months, end } = monthsOfSpan(date.month >= 11 ? date.year + 1 : date.year, timeZone);
  const index = months.findIndex((m) => m.year === date.year && m.month === date.month && m.leap === date.leap);
  if (index < 0) throw new RangeError(`No month ${date.month}${date.leap ? ' (leap)' : ''} in lunar year ${date.year}`);
  const length = (index + 1 < months.length ? months[index + 1].start : end) - months[index].start;
  if (!Number.isInteger(date.day) || date.day < 1 || date.day > length) {
    throw new RangeError(`Lunar month ${date.month} of ${date.year} has ${length} days`);
  }
  return fromJulianDayNumber(months[index].start + date.day - 1);
}

/** The lunar date of a solar day, at UTC+`timeZone` hours. @throws RangeError outside 1800-2199. */
export function solarToLunar(date: LocalDate, timeZone = VN_LUNAR_TIME_ZONE): LunarDate {
  const solarYear = Number(date.slice(0, 4));
  assertYear(solarYear);
  const jdn = julianDayNumber(date);
  // Month 11 of lunar year Y - 1 begins in late November or December of Y - 1, so a day of solar year Y lies in
  // the span ending at month 11 of Y, or (from that month 11 on) in the next one.
  for (const spanYear of [solarYear, solarYear + 1]) {
    const { months, end } = monthsOfSpan(spanYear, timeZone);
    if (jdn >= end || jdn < months[0].start) continue;
    const m = [...months].reverse().find((candidate) => candidate.start <= jdn) as LunarMonthSpan;
    return { year: m.year, month: m.month, day: jdn - m.start + 1, leap: m.leap };
  }
  throw new RangeError(`Cannot place ${date} in the lunar calendar`);
}

/** Tết Nguyên Đán: the solar day of lunar 1/1 of the lunar year beginning in solar year `year`, at UTC+`timeZone`. */
export function lunarNewYear(year: number, timeZone = VN_LUNAR_TIME_ZONE): LocalDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, timeZone);
}
