import { listenRetryDelay, LISTEN_RETRY_MAX_MS, LISTEN_RETRY_MIN_MS, PgListener } from './pg-listener';

describe('PgListener backoff', () => {
  it('doubles from 0.25 s per failed attempt, less at most a fifth at random, and never waits over 30 s', () => {
    for (let failures = 0; failures < 40; failures++) {
      const full = Math.min(LISTEN_RETRY_MAX_MS, LISTEN_RETRY_MIN_MS * 2 ** failures);
      for (let i = 0; i < 50; i++) {
        const delay = listenRetryDelay(failures);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(0.8 * full));
        expect(delay).toBeLessThanOrEqual(full);
      }
    }
    expect(LISTEN_RETRY_MIN_MS).toBe(250);
    expect(LISTEN_RETRY_MAX_MS).toBe(30_000);
  });

  it('takes its bounds from the options', () => {
    expect(listenRetryDelay(0, 10, 100)).toBeLessThanOrEqual(10);
    expect(listenRetryDelay(10, 10, 100)).toBeGreaterThanOrEqual(80);
    expect(listenRetryDelay(10, 10, 100)).toBeLessThanOrEqual(100);
  });

  it('refuses a channel name that is not a plain identifier (it is written into LISTEN as is)', () => {
    expect(() => new PgListener({ connectionString: 'postgres://x@127.0.0.1:1/x', channels: ['ok_name', 'bad; DROP TABLE x'], applicationName: 't' })).toThrow(/not a plain identifier/);
  });
});
