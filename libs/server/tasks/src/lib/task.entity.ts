import type { TaskPriority } from '@tiendo/contracts';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type TaskState = 'open' | 'completed' | 'cancelled';

/**
 * A task (nhiệm vụ) as it stands now. How it got here (every completion, return, cancellation and deadline change,
 * with its moment) is kept in the record tables below, so the status at any past moment can be computed again.
 * `version` is checked explicitly on every write (TypeORM's @VersionColumn does not check it on UPDATE).
 */
@Entity('tasks')
export class Task {
  @PrimaryColumn('uuid')
  id!: string;

  @Column()
  code!: string;

  @Column()
  title!: string;

  @Column()
  description!: string;

  @Column({ name: 'source_document_id', type: 'uuid', nullable: true })
  sourceDocumentId!: string | null;

  /** Đơn vị chủ trì. */
  @Column({ name: 'lead_unit_id', type: 'uuid' })
  leadUnitId!: string;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'assigned_by_id', type: 'uuid' })
  assignedById!: string;

  /**
   * The task this one is a piece of (nhiệm vụ con), set once when it is created; one level only. Sub-tasks are
   * ordinary tasks, but reports count only tasks without a parent (sub-tasks.ts).
   */
  @Column({ name: 'parent_task_id', type: 'uuid', nullable: true })
  parentTaskId!: string | null;

  @Column({ name: 'assigned_on', type: 'date' })
  assignedOn!: string;

  @Column({ name: 'original_deadline', type: 'date', nullable: true })
  originalDeadline!: string | null;

  /** The deadline in force now. */
  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  @Column({ type: 'varchar' })
  priority!: TaskPriority;

  @Column({ name: 'is_key_task' })
  isKeyTask!: boolean;

  @Column({ name: 'progress_percent', type: 'smallint' })
  progressPercent!: number;

  @Column({ type: 'varchar' })
  state!: TaskState;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completion_result', type: 'text', nullable: true })
  completionResult!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'int' })
  version!: number;

  /** True while the columns above tell the task's whole story; reports read the history tables only for others. */
  @Column({ name: 'simple_history' })
  simpleHistory!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Đơn vị phối hợp. */
@Entity('task_coordinating_units')
export class TaskCoordinatingUnit {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;
}

@Entity('task_progress_notes')
export class TaskProgressNote {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ type: 'smallint' })
  percent!: number;

  @Column()
  note!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('task_completions')
export class TaskCompletion {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'completed_at', type: 'timestamptz' })
  completedAt!: Date;

  @Column()
  result!: string;

  @Column({ name: 'reported_by_id', type: 'uuid' })
  reportedById!: string;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt!: Date | null;

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;

  @Column({ name: 'returned_by_id', type: 'uuid', nullable: true })
  returnedById!: string | null;
}

@Entity('task_cancellations')
export class TaskCancellation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'cancelled_at', type: 'timestamptz' })
  cancelledAt!: Date;

  @Column()
  reason!: string;

  @Column({ name: 'cancelled_by_id', type: 'uuid' })
  cancelledById!: string;

  @Column({ name: 'reopened_at', type: 'timestamptz', nullable: true })
  reopenedAt!: Date | null;

  @Column({ name: 'reopen_reason', type: 'text', nullable: true })
  reopenReason!: string | null;

  @Column({ name: 'reopened_by_id', type: 'uuid', nullable: true })
  reopenedById!: string | null;
}

/** A deadline extension request (gia hạn), or a direct correction of the deadline by someone who may assign. */
@Entity('task_extensions')
export class TaskExtension {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ type: 'varchar' })
  kind!: 'request' | 'correction';

  /** 'withdrawn': closed without a decision because the task was completed or cancelled while it waited. */
  @Column({ type: 'varchar' })
  state!: 'pending' | 'approved' | 'rejected' | 'withdrawn';

  @Column()
  reason!: string;

  @Column({ name: 'previous_deadline', type: 'date', nullable: true })
  previousDeadline!: string | null;

  @Column({ name: 'requested_deadline', type: 'date', nullable: true })
  requestedDeadline!: string | null;

  @Column({ name: 'requested_by_id', type: 'uuid' })
  requestedById!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById!: string | null;

  /** For an approved change: the moment the new deadline comes into force. */
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;
}

/** A change of lead unit: a task counts for the unit that led it at the end of a period. */
@Entity('task_lead_unit_changes')
export class TaskLeadUnitChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'from_unit_id', type: 'uuid' })
  fromUnitId!: string;

  @Column({ name: 'to_unit_id', type: 'uuid' })
  toUnitId!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}

export const TASK_ENTITIES = [TaskLeadUnitChange, Task, TaskCoordinatingUnit, TaskProgressNote, TaskCompletion, TaskCancellation, TaskExtension];
