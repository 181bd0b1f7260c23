import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { FollowerCandidate } from './followers';

interface CandidateRow {
  id: string;
  username: string;
  full_name: string;
  role: FollowerCandidate['actor']['role'];
  unit_id: string;
  unit_path: string;
  active: boolean;
  is_assigner: boolean;
  is_lead_head: boolean;
  choice: boolean | null;
}

/** The SQL of `task_watchers` (explicit choices) and of the default followers; no rule beyond who is a candidate. */
@Injectable()
export class WatchersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Everyone who might follow the task: the assigner, the unit heads of the lead unit, and whoever made an explicit
   * choice on it (followed or unfollowed), each once, with the facts `follows` decides on. Empty for no such task.
   * Three index lookups (the task's row, users by unit, the choices by primary key), never a scan of users.
   */
  async candidates(taskId: string, manager: EntityManager = this.db.manager): Promise<FollowerCandidate[]> {
    const rows: CandidateRow[] = await manager.query(
      `WITH t AS (SELECT assigned_by_id, lead_unit_id FROM tasks WHERE id = $1),
            c AS (
              SELECT assigned_by_id AS user_id FROM t
              UNION SELECT u.id FROM users u JOIN t ON u.unit_id = t.lead_unit_id WHERE u.role = 'unit_head'
              UNION SELECT w.user_id FROM task_watchers w WHERE w.task_id = $1)
       SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path AS unit_path, u.active,
              u.id = t.assigned_by_id AS is_assigner,
              (u.unit_id = t.lead_unit_id AND u.role = 'unit_head') AS is_lead_head,
              w.following AS choice
         FROM c CROSS JOIN t
         JOIN users u ON u.id = c.user_id
         JOIN units un ON un.id = u.unit_id
         LEFT JOIN task_watchers w ON w.task_id = $1 AND w.user_id = u.id
        ORDER BY u.full_name, u.username, u.id`,
      [taskId],
    );
    return rows.map((r) => ({
      actor: { id: r.id, username: r.username, fullName: r.full_name, role: r.role, unitId: r.unit_id, unitPath: r.unit_path },
      active: r.active,
      isAssigner: r.is_assigner,
      isLeadUnitHead: r.is_lead_head,
      choice: r.choice,
    }));
  }

  /** Records a user's explicit choice on a task (the last one wins); idempotent. */
  async choose(taskId: string, userId: string, following: boolean, at: Date, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO task_watchers (task_id, user_id, following, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (task_id, user_id) DO UPDATE SET following = EXCLUDED.following, changed_at = EXCLUDED.changed_at
        WHERE task_watchers.following IS DISTINCT FROM EXCLUDED.following`,
      [taskId, userId, following, at],
    );
  }
}
