import type { Role, TaskPriority } from '@tiendo/contracts';
import { hashPassword } from '@tiendo/server-users';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export const TEST_PASSWORD = 'Mat-khau-thu-nghiem-2026';
let testHash: Promise<string> | null = null;

export interface TaskFixture {
  code?: string;
  title?: string;
  leadUnit: string;
  assignee?: string | null;
  assignedBy: string;
  assignedOn?: string;
  deadline?: string | null;
  coordinating?: string[];
  priority?: TaskPriority;
  isKeyTask?: boolean;
  state?: 'open' | 'completed' | 'cancelled';
  /** For a completed or cancelled task: when it happened. */
  closedAt?: Date;
  pendingExtensionBy?: string;
}

/**
 * Builds units, users and tasks straight in the database, for tests that need many of them; what a test is
 * about goes through the HTTP API instead.
 */
export class Fixtures {
  private readonly unitIds = new Map<string, { id: string; path: string }>();
  private readonly userIds = new Map<string, string>();
  private seq = 0;

  constructor(private readonly db: DataSource) {}

  async unit(code: string, parentCode?: string, name = `Đơn vị ${code}`): Promise<string> {
    const parent = parentCode ? this.unitIds.get(parentCode) : undefined;
    if (parentCode && !parent) throw new Error(`fixture: unknown parent ${parentCode}`);
    const id = randomUUID();
    const path = `${parent?.path ?? '/'}${id}/`;
    await this.db.query(`INSERT INTO units (id, code, name, kind, parent_id, path) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      code,
      name,
      parent ? 'department' : 'ministry',
      parent?.id ?? null,
      path,
    ]);
    this.unitIds.set(code, { id, path });
    return id;
  }

  async user(username: string, role: Role, unitCode: string, fullName = `Cán bộ ${username}`): Promise<string> {
    const unit = this.unitIds.get(unitCode);
    if (!unit) throw new Error(`fixture: unknown unit ${unitCode}`);
    testHash ??= hashPassword(TEST_PASSWORD);
    const id = randomUUID();
    await this.db.query(`INSERT INTO users (id, username, full_name, unit_id, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      username,
      fullName,
      unit.id,
      role,
      await testHash,
    ]);
    this.userIds.set(username, id);
    return id;
  }

  unitId(code: string): string {
    const unit = this.unitIds.get(code);
    if (!unit) throw new Error(`fixture: unknown unit ${code}`);
    return unit.id;
  }

  userId(username: string): string {
    const id = this.userIds.get(username);
    if (!id) throw new Error(`fixture: unknown user ${username}`);
    return id;
  }

  async task(spec: TaskFixture): Promise<string> {
    const id = randomUUID();
    const code = spec.code ?? `FX-${++this.seq}-${id.slice(0, 6)}`;
    const state = spec.state ?? 'open';
    const at = spec.closedAt ?? new Date('2026-11-10T03:00:00Z');
    const deadline = spec.deadline === undefined ? '2026-12-31' : spec.deadline;
    const by = this.userId(spec.assignedBy);
    await this.db.query(
      `INSERT INTO tasks (id, code, title, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline,
                          priority, is_key_task, state, completed_at, completion_result, cancelled_at, cancel_reason, progress_percent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        id,
        code,
        spec.title ?? `Nhiệm vụ ${code}`,
        this.unitId(spec.leadUnit),
        spec.assignee ? this.userId(spec.assignee) : null,
        by,
        spec.assignedOn ?? '2026-11-01',
        deadline,
        spec.priority ?? 'normal',
        spec.isKeyTask ?? false,
        state,
        state === 'completed' ? at : null,
        state === 'completed' ? 'Đã hoàn thành' : null,
        state === 'cancelled' ? at : null,
        state === 'cancelled' ? 'Không còn cần thiết' : null,
        state === 'completed' ? 100 : 0,
      ],
    );
    if (state === 'completed') {
      await this.db.query(`INSERT INTO task_completions (task_id, completed_at, result, reported_by_id) VALUES ($1, $2, 'Đã hoàn thành', $3)`, [id, at, by]);
    }
    if (state === 'cancelled') {
      await this.db.query(`INSERT INTO task_cancellations (task_id, cancelled_at, reason, cancelled_by_id) VALUES ($1, $2, 'Không còn cần thiết', $3)`, [id, at, by]);
    }
    for (const unit of spec.coordinating ?? []) {
      await this.db.query(`INSERT INTO task_coordinating_units (task_id, unit_id) VALUES ($1, $2)`, [id, this.unitId(unit)]);
    }
    if (spec.pendingExtensionBy) {
      await this.db.query(
        `INSERT INTO task_extensions (task_id, kind, state, reason, previous_deadline, requested_deadline, requested_by_id, requested_at)
         VALUES ($1, 'request', 'pending', 'Cần thêm thời gian', $2, '2027-01-31', $3, $4)`,
        [id, deadline, this.userId(spec.pendingExtensionBy), at],
      );
    }
    return id;
  }
}
