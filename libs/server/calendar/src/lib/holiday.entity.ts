import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One of the admin's yearly changes to Vietnam's holidays by law (computed in libs/domain): a day off the law's
 * default does not give (`day_off`), or a day it gives, or a weekend day, that is worked (`working_day`).
 */
@Entity('holidays')
export class Holiday {
  /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column()
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'day_off' })
  kind!: 'day_off' | 'working_day';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
