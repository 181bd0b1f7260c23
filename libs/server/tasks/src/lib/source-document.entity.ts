import type { DocumentType } from '@tiendo/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A document tasks are assigned from: a resolution, a decision, a directive (Chỉ thị 01/CT-BTTTT)… */
@Entity('source_documents')
export class SourceDocument {
  @PrimaryColumn('uuid')
  id!: string;

  @Column()
  number!: string;

  @Column({ type: 'varchar' })
  type!: DocumentType;

  @Column()
  title!: string;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn!: string | null;

  @Column({ type: 'varchar', nullable: true })
  issuer!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
