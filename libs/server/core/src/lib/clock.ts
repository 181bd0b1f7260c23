import { Injectable } from '@nestjs/common';
import { LocalDate, toLocalDate } from '@tiendo/domain';

/**
 * The one source of "now" for the domain: services never call `new Date()` for business time, so tests can
 * stand at any moment (a deadline day's 23:59:59, the first working day of a month) without sleeping.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today's calendar day in Asia/Ho_Chi_Minh. */
  today(): LocalDate {
    return toLocalDate(this.now());
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock moved by hand: used by tests, and by the demo loader to enter history at the moment it happened. */
export class ManualClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = typeof at === 'string' ? new Date(at) : new Date(at.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The real clock shifted so that it read `start` when the process began (see AppConfig.CLOCK_START). */
export class OffsetClock extends Clock {
  private readonly offset: number;

  constructor(start: Date) {
    super();
    this.offset = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}

/** The clock a process runs on: the system's, or one started at CLOCK_START. */
export function processClock(config: { CLOCK_START?: string }): Clock {
  if (!config.CLOCK_START) return new SystemClock();
  const start = new Date(config.CLOCK_START);
  if (Number.isNaN(start.getTime())) throw new Error(`CLOCK_START is not a date: ${config.CLOCK_START}`);
  return new OffsetClock(start);
}
