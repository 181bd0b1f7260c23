import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** One change to a task: who, when, what changed from what to what. The table refuses UPDATE and DELETE. */
@Entity('task_history')
export class TaskHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column()
  action!: string;

  @Column({ type: 'jsonb' })
  changes!: FieldChange[];

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/** Sign-ins, refused sign-ins, denials and role or unit changes: who, what, when and from where. */
@Entity('security_events')
export class SecurityEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column()
  event!: string;

  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;

  @Column({ type: 'varchar', nullable: true })
  ip!: string | null;
}
