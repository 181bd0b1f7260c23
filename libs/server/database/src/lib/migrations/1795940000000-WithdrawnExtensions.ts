import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An extension request still pending when its task is completed or cancelled is closed as 'withdrawn' (no decider,
 * decided_at the closing moment, the decision note says why), so that nobody decides a request on a closed task and
 * the unit head's pending count does not keep it.
 */
export class WithdrawnExtensions1795940000000 implements MigrationInterface {
  name = 'WithdrawnExtensions1795940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_extensions DROP CONSTRAINT task_extensions_state_check`);
    await q.query(`ALTER TABLE task_extensions ADD CONSTRAINT task_extensions_state_check CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn'))`);
    // Requests left pending on tasks already closed before this migration: closed the same way, at the task's closing.
    await q.query(`
      UPDATE task_extensions e
         SET state = 'withdrawn', decided_by_id = NULL,
             decided_at = coalesce(t.completed_at, t.cancelled_at, now()),
             decision_note = CASE WHEN t.state = 'completed' THEN 'Nhiệm vụ đã hoàn thành' ELSE 'Nhiệm vụ đã huỷ' END
        FROM tasks t
       WHERE t.id = e.task_id AND e.state = 'pending' AND t.state <> 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Before this migration a closed request could only be rejected; the note keeps why.
    await q.query(`UPDATE task_extensions SET state = 'rejected' WHERE state = 'withdrawn'`);
    await q.query(`ALTER TABLE task_extensions DROP CONSTRAINT task_extensions_state_check`);
    await q.query(`ALTER TABLE task_extensions ADD CONSTRAINT task_extensions_state_check CHECK (state IN ('pending', 'approved', 'rejected'))`);
  }
}
