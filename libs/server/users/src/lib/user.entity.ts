import type { Role, SignInMethod } from '@tiendo/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  @Column()
  username!: string;

  @Column({ name: 'full_name' })
  fullName!: string;

  @Column({ type: 'varchar', nullable: true })
  email!: string | null;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar' })
  role!: Role;

  /** argon2id; never leaves the server. */
  @Column({ name: 'password_hash', select: false })
  passwordHash!: string;

  @Column()
  active!: boolean;

  /** How the user signs in: the product's password (`local`) or the directory (`directory`); chosen by an admin. */
  @Column({ name: 'sign_in_method', type: 'varchar' })
  signInMethod!: SignInMethod;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
