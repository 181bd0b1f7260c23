import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, SourceDocumentView } from '@tiendo/contracts';
import { notFound, refuse, SEARCH_KEY_SQL, searchMatchSql } from '@tiendo/server-core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CreateSourceDocumentDto } from './dto/task.dto';
import { SourceDocument } from './source-document.entity';

const toView = (d: SourceDocument): SourceDocumentView => ({
  id: d.id,
  number: d.number,
  type: d.type,
  title: d.title,
  issuedOn: d.issuedOn,
  issuer: d.issuer,
});

/** The documents tasks come from. Every signed-in user may read them: they are published directives. */
@Injectable()
export class SourceDocumentsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(dto: CreateSourceDocumentDto, manager: EntityManager = this.db.manager): Promise<SourceDocumentView> {
    if (await this.findByNumber(dto.number, manager)) throw refuse('DOCUMENT_NUMBER_TAKEN', { field: 'number', params: { number: dto.number } });
    const doc = manager.create(SourceDocument, {
      id: randomUUID(),
      number: dto.number,
      type: dto.type ?? 'other',
      title: dto.title,
      issuedOn: dto.issuedOn ?? null,
      issuer: dto.issuer ?? null,
    });
    await manager.insert(SourceDocument, doc);
    return toView(doc);
  }

  async get(id: string): Promise<SourceDocumentView> {
    const doc = await this.db.manager.findOneBy(SourceDocument, { id });
    if (!doc) throw notFound('Source document');
    return toView(doc);
  }

  async list(q: string | undefined, page = 1, pageSize = 50): Promise<Page<SourceDocumentView>> {
    const qb = this.db.manager.createQueryBuilder(SourceDocument, 'd').orderBy('d.issued_on', 'DESC', 'NULLS LAST').addOrderBy('d.number');
    // The search rule (text-search.ts): number or title, tone marks and case optional; from the index.
    const search = searchMatchSql(SEARCH_KEY_SQL.document('d'), q, {
      add: (value) => {
        qb.setParameter('q', value);
        return ':q';
      },
    });
    if (search) qb.where(search);
    const [docs, total] = await qb.skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
    return { items: docs.map(toView), total };
  }

  findByNumber(number: string, manager: EntityManager = this.db.manager): Promise<SourceDocument | null> {
    return manager.createQueryBuilder(SourceDocument, 'd').where('upper(d.number) = upper(:number)', { number }).getOne();
  }
}
