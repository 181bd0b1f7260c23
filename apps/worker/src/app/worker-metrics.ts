import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { AppMetrics, registerDatabasePoolMetrics } from '@tiendo/server-core';
import { TaskEventDispatcher } from '@tiendo/server-notifications';
import type { Job, Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The queue states counted at each scrape. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The worker's own metrics, beside those the features record (reminder runs and deliveries) and served with them on
 * WORKER_HEALTH_PORT at GET /metrics (WorkerHealthServer):
 * - `tiendo_job_duration_seconds{queue, name, outcome}`: every BullMQ job of every processor (found at start, so a new
 *   processor is counted without being listed here), `completed` or `failed` (each failed attempt);
 * - `tiendo_queue_jobs{queue, state}`: waiting, active, delayed and failed jobs per queue, read at scrape (none while
 *   Redis is away: a gap, not a stale number);
 * - `tiendo_task_events_pending` and `tiendo_task_events_oldest_pending_age_seconds`: task events waiting for the
 *   notification dispatcher (the outbox), counted at scrape with a timeout (NaN while PostgreSQL does not answer);
 * - `tiendo_db_pool_connections{state}`: this process's PostgreSQL pool.
 * Made and started by WorkerHealthServer, the worker's one HTTP side (probes and metrics).
 */
export class WorkerMetrics {
  private readonly logger = new Logger(WorkerMetrics.name);
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly metrics: AppMetrics,
    private readonly modules: ModulesContainer,
    private readonly moduleRef: ModuleRef,
    private readonly dispatcher: TaskEventDispatcher,
    db: DataSource,
  ) {
    registerDatabasePoolMetrics(metrics, () => (db.driver as PostgresDriver).master);
    metrics.gaugeOnScrape('tiendo_queue_jobs', 'BullMQ jobs per queue and state (waiting, active, delayed, failed), read at scrape', ['queue', 'state'], () => this.queueDepths());
    let outbox: ReturnType<TaskEventDispatcher['health']> | null = null;
    // One look at the outbox per scrape serves both gauges (a scrape collects them at the same time).
    const look = () => (outbox ??= this.dispatcher.health().finally(() => (outbox = null)));
    metrics.gaugeOnScrape('tiendo_task_events_pending', 'Task events waiting for the notification dispatcher (the outbox), counted at scrape', [], async () => {
      const health = await look();
      if (health.database !== 'up') throw new Error('PostgreSQL did not answer');
      return [[{}, health.pending]];
    });
    metrics.gaugeOnScrape('tiendo_task_events_oldest_pending_age_seconds', 'Age of the oldest task event waiting for dispatch (0 when none waits)', [], async () => {
      const health = await look();
      if (health.database !== 'up') throw new Error('PostgreSQL did not answer');
      return [[{}, health.oldestAgeSeconds ?? 0]];
    });
  }

  /** Hooks the job timer on every BullMQ worker the processors started (they exist once the modules are initialised). */
  start(): void {
    for (const worker of this.workers()) {
      const queue = worker.name;
      const observe = (job: Job | undefined, outcome: 'completed' | 'failed') => {
        if (!job?.processedOn) return;
        const seconds = Math.max(0, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
        this.metrics.jobDuration.observe({ queue, name: job.name, outcome }, seconds);
      };
      worker.on('completed', (job) => observe(job, 'completed'));
      worker.on('failed', (job) => observe(job, 'failed'));
      const producer = this.queueOf(queue);
      if (producer) this.queues.set(queue, producer);
      else this.logger.warn(`queue ${queue} has a processor but no registered queue: its depth is not measured`);
    }
  }

  private workers(): Worker[] {
    return [...this.modules.values()]
      .flatMap((module) => [...module.providers.values()])
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker)
      .filter((worker): worker is Worker => Boolean(worker));
  }

  private queueOf(name: string): Queue | undefined {
    try {
      return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    } catch {
      return undefined;
    }
  }

  private async queueDepths(): Promise<Array<[{ queue: string; state: string }, number]>> {
    const samples: Array<[{ queue: string; state: string }, number]> = [];
    for (const [name, queue] of this.queues) {
      // With Redis away its commands would wait for it (maxRetriesPerRequest null): not asked, not piled up.
      if ((await queue.getBackend().client).status !== 'ready') continue;
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) samples.push([{ queue: name, state }, counts[state] ?? 0]);
    }
    return samples;
  }
}
