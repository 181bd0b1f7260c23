import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock } from '@tiendo/server-core';
import { retentionCutoff } from './retention-cutoff';
import { RetentionRepository, RowPosition } from './retention.repository';

/** What the purge keeps and removes, one entry per kind of record. */
export const RETENTION_KINDS = ['securityEvents', 'loginAttempts', 'sessions', 'notifications', 'deliveries', 'reminderRuns', 'taskEvents'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** One run of the purge: the moment it read from the clock, each kind's cut-off (UTC ISO) and rows deleted. */
export interface RetentionRunResult {
  at: string;
  cutoffs: Record<RetentionKind, string>;
  deleted: Record<RetentionKind, number>;
  /** Kinds whose purge failed (their error message); the others went on. */
  failed: Partial<Record<RetentionKind, string>>;
}

/**
 * Deletes what is older than its retention period (AppConfig RETENTION_*), kept by calendar month in
 * Asia/Ho_Chi_Minh (retentionCutoff): security events, sign-in attempts and ended sessions after
 * RETENTION_SECURITY_EVENTS_MONTHS (at least 12); notifications after RETENTION_READ_NOTIFICATIONS_MONTHS once read,
 * RETENTION_UNREAD_NOTIFICATIONS_MONTHS otherwise; delivered or failed deliveries and finished reminder runs after
 * RETENTION_DELIVERIES_MONTHS; dispatched task events after RETENTION_TASK_EVENTS_MONTHS. The ministry's record (tasks,
 * their history, comments, files, reports and their history) is never touched.
 *
 * In batches of RETENTION_BATCH_SIZE rows, one short transaction each, until a batch comes back short. Cut-offs come
 * from the injected clock, read once per run. Idempotent (a rerun finds nothing more to delete) and safe beside a
 * second run (RetentionRepository: rows are split between them, never deleted twice, no waiting). Notifications go
 * before deliveries, since a delivery stays while a notification points at it.
 */
@Injectable()
export class RetentionPurge {
  private readonly logger = new Logger(RetentionPurge.name);

  constructor(
    private readonly repository: RetentionRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The cut-off of each kind at `now` (rows strictly before it go). */
  cutoffs(now: Date): Record<RetentionKind, Date> {
    const c = this.config;
    const security = retentionCutoff(now, c.RETENTION_SECURITY_EVENTS_MONTHS);
    const deliveries = retentionCutoff(now, c.RETENTION_DELIVERIES_MONTHS);
    return {
      securityEvents: security,
      loginAttempts: security,
      sessions: security,
      notifications: retentionCutoff(now, c.RETENTION_READ_NOTIFICATIONS_MONTHS),
      deliveries,
      reminderRuns: deliveries,
      taskEvents: retentionCutoff(now, c.RETENTION_TASK_EVENTS_MONTHS),
    };
  }

  /** One full purge at the clock's moment. Never throws for one kind's failure: it is reported in `failed`. */
  async run(): Promise<RetentionRunResult> {
    const now = this.clock.now();
    const cutoffs = this.cutoffs(now);
    const unreadBefore = retentionCutoff(now, this.config.RETENTION_UNREAD_NOTIFICATIONS_MONTHS);
    const limit = this.config.RETENTION_BATCH_SIZE;
    const r = this.repository;
    const purges: Record<RetentionKind, () => Promise<number>> = {
      securityEvents: () => untilShort(limit, () => r.securityEvents(cutoffs.securityEvents, limit)),
      loginAttempts: () => untilShort(limit, () => r.loginAttempts(cutoffs.loginAttempts, limit)),
      sessions: () => untilShort(limit, () => r.endedSessions(cutoffs.sessions, limit)),
      notifications: () => walkUntilShort(limit, (after) => r.notifications(cutoffs.notifications, unreadBefore, limit, after)),
      deliveries: () => walkUntilShort(limit, (after) => r.deliveries(cutoffs.deliveries, limit, after)),
      reminderRuns: () => untilShort(limit, () => r.reminderRuns(cutoffs.reminderRuns, limit)),
      taskEvents: () => untilShort(limit, () => r.dispatchedTaskEvents(cutoffs.taskEvents, limit)),
    };
    const result: RetentionRunResult = {
      at: now.toISOString(),
      cutoffs: Object.fromEntries(RETENTION_KINDS.map((k) => [k, cutoffs[k].toISOString()])) as Record<RetentionKind, string>,
      deleted: Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as Record<RetentionKind, number>,
      failed: {},
    };
    // In this order: notifications before the deliveries they point at.
    for (const kind of RETENTION_KINDS) {
      try {
        result.deleted[kind] = await purges[kind]();
      } catch (err) {
        result.failed[kind] = (err as Error).message;
        this.logger.error(`retention purge of ${kind} failed (retried at the next run): ${(err as Error).message}`);
      }
    }
    const total = Object.values(result.deleted).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.log(`retention purge: ${RETENTION_KINDS.map((k) => `${k} ${result.deleted[k]}`).join(', ')}`);
    return result;
  }
}

/** Repeats a batch until one deletes fewer than `limit` rows; the sum deleted. */
async function untilShort(limit: number, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < limit) return total;
  }
}

/** As untilShort, for a batch that walks forward from the last row the previous batch deleted. */
async function walkUntilShort(limit: number, batch: (after: RowPosition | null) => Promise<{ deleted: number; last: RowPosition | null }>): Promise<number> {
  let total = 0;
  let after: RowPosition | null = null;
  for (;;) {
    const result = await batch(after);
    total += result.deleted;
    after = result.last;
    if (result.deleted < limit) return total;
  }
}
