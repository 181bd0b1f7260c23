import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HistoryEntryView } from '@tiendo/contracts';
import { Clock } from '@tiendo/server-core';
import { DataSource, EntityManager } from 'typeorm';
import { FieldChange } from './task-history.entity';

/** Compares the listed fields of two snapshots; values are compared as JSON so dates and arrays compare by value. */
export function diffFields<T extends object>(before: T, after: T, fields: (keyof T & string)[]): FieldChange[] {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);
  return fields
    .filter((f) => JSON.stringify(norm(before[f])) !== JSON.stringify(norm(after[f])))
    .map((f) => ({ field: f, from: norm(before[f]), to: norm(after[f]) }));
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Written in the caller's transaction, so a change and its record stand or fall together. */
  async recordTaskChange(
    manager: EntityManager,
    entry: { taskId: string; actorId: string | null; action: string; changes?: FieldChange[]; note?: string | null; at?: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO task_history (task_id, actor_id, at, action, changes, note) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.taskId, entry.actorId, entry.at ?? this.clock.now(), entry.action, JSON.stringify(entry.changes ?? []), entry.note ?? null],
    );
  }

  async recordSecurityEvent(
    event: string,
    detail: { actorId?: string | null; ip?: string | null; [key: string]: unknown },
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    const { actorId, ip, ...rest } = detail;
    await manager.query(`INSERT INTO security_events (at, actor_id, event, detail, ip) VALUES ($1, $2, $3, $4, $5)`, [
      this.clock.now(),
      actorId ?? null,
      event,
      JSON.stringify(rest),
      ip ?? null,
    ]);
  }

  async taskHistory(taskId: string): Promise<HistoryEntryView[]> {
    const rows: Array<{ id: string; at: Date; action: string; changes: FieldChange[]; note: string | null; actor_id: string | null; username: string | null; full_name: string | null }> =
      await this.db.query(
        `SELECT h.id, h.at, h.action, h.changes, h.note, h.actor_id, u.username, u.full_name
           FROM task_history h LEFT JOIN users u ON u.id = h.actor_id
          WHERE h.task_id = $1 ORDER BY h.id`,
        [taskId],
      );
    return rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      action: r.action,
      changes: r.changes,
      note: r.note,
      actor: r.actor_id ? { id: r.actor_id, username: r.username ?? '', fullName: r.full_name ?? '' } : null,
    }));
  }
}
