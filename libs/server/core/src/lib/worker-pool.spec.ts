import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { runOnPool } from './worker-pool';

/** Real worker threads (piscina), from plain JavaScript files written for the test. */
describe('runOnPool', () => {
  let dir: string;
  const pools: Piscina[] = [];
  const pool = (source: string) => {
    const file = join(dir, `worker-${pools.length}.js`);
    writeFileSync(file, source);
    const p = new Piscina({ filename: file, minThreads: 0, maxThreads: 1, maxQueue: 4 });
    pools.push(p);
    return p;
  };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tiendo-pool-'))));
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the worker's result, and rejects with the worker's own error", async () => {
    const p = pool("module.exports = (n) => { if (n < 0) throw new Error('negative'); return n * 2; };");
    await expect(runOnPool<number>(p, 21)).resolves.toBe(42);
    await expect(runOnPool<number>(p, -1)).rejects.toThrow('negative');
  });

  it('rejects every task, instead of hanging, when the worker thread cannot start (piscina only emits an error)', async () => {
    const p = pool("require('a-module-that-is-not-installed'); module.exports = () => 1;");
    const results = await Promise.allSettled([runOnPool(p, 1), runOnPool(p, 2), runOnPool(p, 3)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain('a-module-that-is-not-installed');
    // And the next one too (a new thread is tried and fails the same way), not queued behind the first ones for ever.
    await expect(runOnPool(p, 4)).rejects.toThrow('a-module-that-is-not-installed');
  });
});
