import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A public holiday (ngày nghỉ lễ) or compensatory day off: not a working day. */
@Entity('holidays')
export class Holiday {
  /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column()
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
