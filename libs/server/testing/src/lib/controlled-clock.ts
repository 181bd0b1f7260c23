import { Clock } from '@tiendo/server-core';

/** A clock the test moves by hand: no test waits for real time to pass. */
export class ControlledClock extends Clock {
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
