import type { UnitKind } from '@tiendo/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A unit of the ministry (đơn vị): the ministry itself, a block, a department, a provincial department… */
@Entity('units')
export class Unit {
  @PrimaryColumn('uuid')
  id!: string;

  @Column()
  code!: string;

  @Column()
  name!: string;

  @Column({ type: 'varchar' })
  kind!: UnitKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** `/<root id>/…/<own id>/`: the unit's subtree is every unit whose path starts with this one. */
  @Column()
  path!: string;

  @Column()
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
