import type { Piscina } from 'piscina';

/** What piscina's `run` takes besides the task: its transfer list (the abort signal is runOnPool's). */
export interface PoolRunOptions {
  transferList?: NonNullable<Parameters<Piscina['run']>[1]>['transferList'];
}

/** Per pool, how to fail each task in flight: one `error` listener per pool, not one per task. */
const inFlight = new WeakMap<Piscina, Set<(err: unknown) => void>>();

/**
 * Runs `task` on a piscina pool, and fails it, instead of waiting for ever, when the pool reports an error. Piscina
 * emits `error` on the pool when a worker thread cannot start (its file missing or throwing while it loads, a heap
 * limit too small to load it) and leaves the task queued: an import or a password change would then hang until the
 * client gave up, and every later one behind it. Here each task in flight is aborted (it leaves the queue) and its
 * promise rejects with the pool's error, which the API answers 500 and logs. The pool's one listener also keeps such
 * an error, emitted with nothing listening, from ending the process.
 *
 * Resolves with the worker's result; rejects with the worker's own error, piscina's ("Task queue is at limit",
 * ERR_WORKER_OUT_OF_MEMORY…), or the pool's error as above.
 */
export function runOnPool<R>(pool: Piscina, task: unknown, options: PoolRunOptions = {}): Promise<R> {
  let waiting = inFlight.get(pool);
  if (!waiting) {
    const tasks = new Set<(err: unknown) => void>();
    pool.on('error', (err: unknown) => {
      for (const fail of [...tasks]) fail(err);
    });
    inFlight.set(pool, tasks);
    waiting = tasks;
  }
  const abort = new AbortController();
  let fail: (err: unknown) => void = () => undefined;
  const poolError = new Promise<never>((_, reject) => {
    fail = (err) => {
      // The pool's error first: aborting rejects the task's own promise at once, with piscina's AbortError.
      reject(err);
      abort.abort(err);
    };
  });
  waiting.add(fail);
  const running = pool.run(task, { ...options, signal: abort.signal }) as Promise<R>;
  // Whichever settles first wins; the other's rejection is handled, so that it is never reported as unhandled.
  running.catch(() => undefined);
  poolError.catch(() => undefined);
  const tasks = waiting;
  return Promise.race([running, poolError]).finally(() => tasks.delete(fail));
}
