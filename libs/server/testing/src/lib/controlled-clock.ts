import { ManualClock } from '@tiendo/server-core';

/** The clock tests move by hand: no test waits for real time to pass. */
export class ControlledClock extends ManualClock {}
