/** One line of the API's log (pino's JSON), as far as the tests read it. */
export interface LogLine {
  msg?: string;
  context?: string;
  req?: { id?: string; url?: string };
}

/**
 * The API's log, line by line (startTestApi's `logTo`, with LOG_LEVEL info): what an operator's log collector
 * receives. `until` resolves when a line matching it has been written, without polling.
 */
export class LogSink {
  readonly lines: LogLine[] = [];
  private waiters: Array<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];

  write(text: string): void {
    const line = JSON.parse(text) as LogLine;
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => (w.match(line) ? (w.resolve(line), false) : true));
  }

  /** The first line matching `match`, written already or as soon as it is. */
  until(match: (line: LogLine) => boolean): Promise<LogLine> {
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
