import type { Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ManualClock } from '@tiendo/server-core';
import { cloneDatabase, Fixtures } from '@tiendo/server-testing';
import type { DataSource } from 'typeorm';
import { startTestWorker, testQueuePrefix, dropQueuePrefix, TestWorker } from './worker-harness';

export interface WorkerTestbed {
  worker: TestWorker;
  db: DataSource;
  fixtures: Fixtures;
  clock: ManualClock;
  databaseUrl: string;
  prefix: string;
  close(): Promise<void>;
}

/** A database of its own, a Redis prefix of its own, and the worker on them at a moment the test chooses. */
/** Start the clock before the day's hours (06:00) so that the start-up reconcile has nothing due yet. */
export async function startWorkerTestbed(now: string, env: Record<string, string> = {}, extraImports: Type[] = []): Promise<WorkerTestbed> {
  const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
  if (!template) throw new Error('run through jest.int.config.cts');
  const database = await cloneDatabase(template);
  const prefix = testQueuePrefix();
  const clock = new ManualClock(new Date(now));
  const worker = await startTestWorker(database.url, clock, { QUEUE_PREFIX: prefix, ...env }, extraImports);
  const db = worker.app.get<DataSource>(getDataSourceToken());
  return {
    worker,
    db,
    fixtures: new Fixtures(db),
    clock,
    databaseUrl: database.url,
    prefix,
    async close() {
      await worker.close();
      await dropQueuePrefix(prefix);
      await database.drop();
    },
  };
}
