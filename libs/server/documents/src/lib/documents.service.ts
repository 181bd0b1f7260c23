import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncomingDocumentResult } from '@tiendo/contracts';
import { AttachmentsService, ReceivedFile } from '@tiendo/server-attachments';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ApiError, Clock, managesUnit, refuse, refusedOn } from '@tiendo/server-core';
import { SourceDocumentsService, TasksService } from '@tiendo/server-tasks';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { IncomingDocumentDto } from './dto/incoming-document.dto';

/** Whether the answer is a new receipt (201) or the first receipt's answer again (200). */
export interface Received {
  created: boolean;
  result: IncomingDocumentResult;
}

/**
 * The e-office hand-off (giao việc): a document (number, type, issuer, day, title, file) and the tasks it assigns,
 * received in one transaction: the source document (created, or the one entered by hand under that number and
 * issuer), its file (stored by the attachments' rules, owned by the source document), and each task through
 * TasksService (the same rules, history, events as a person's assignment). Idempotent by number and issuer (any
 * case): the same content again answers the first result; a different one is refused (409 DOCUMENT_CONFLICT).
 * Concurrent receipts of one document are serialised by a transaction-level advisory lock on the key; the unique
 * index is the backstop. Nothing is written on a refusal.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly sourceDocuments: SourceDocumentsService,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Receives a document; the temporary file is removed whatever happens. Refusals (nothing written):
   * 403 API_TOKEN_UNIT on `tasks.<i>.leadUnitCode` for a lead unit outside the API token's units; the tasks' own
   * rules with their field under `tasks.<i>.` (400 UNKNOWN_UNIT, LEAD_UNIT_COORDINATING; 422 UNIT_INACTIVE,
   * DEADLINE_BEFORE_ASSIGNMENT…); the file's (400 ATTACHMENT_EMPTY, 422 ATTACHMENT_TYPE_NOT_ALLOWED; 413 on arrival);
   * 409 DOCUMENT_CONFLICT for the same number and issuer with another content; 409 DOCUMENT_NUMBER_TAKEN on `number`
   * when a document of another issuer has this number.
   */
  async receive(dto: IncomingDocumentDto, file: ReceivedFile, actor: Actor): Promise<Received> {
    try {
      await this.checkTokenUnits(dto, actor);
      const requestSha256 = contentHash(dto, file.sha256);
      return await this.db.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`incoming-document:${dto.number.toUpperCase()}|${dto.issuer.toUpperCase()}`]);
        const [seen] = await m.query(`SELECT request_sha256, result FROM incoming_documents WHERE upper(number) = upper($1) AND upper(issuer) = upper($2)`, [dto.number, dto.issuer]);
        if (seen) {
          if (seen.request_sha256 !== requestSha256) throw refuse('DOCUMENT_CONFLICT', { params: { number: dto.number, issuer: dto.issuer } });
          return { created: false, result: seen.result as IncomingDocumentResult };
        }
        return { created: true, result: await this.create(m, dto, file, actor, requestSha256) };
      });
    } finally {
      await this.attachments.discardUpload(file);
    }
  }

  private async create(m: EntityManager, dto: IncomingDocumentDto, file: ReceivedFile, actor: Actor, requestSha256: string): Promise<IncomingDocumentResult> {
    const now = this.clock.now();
    const existing = await this.sourceDocuments.findByNumber(dto.number, m);
    // The number entered by hand before the hand-off (no issuer, or the same one) is that document; another issuer's is not.
    if (existing && existing.issuer !== null && existing.issuer.toUpperCase() !== dto.issuer.toUpperCase()) {
      throw refuse('DOCUMENT_NUMBER_TAKEN', { field: 'number', params: { number: dto.number } });
    }
    const document = existing
      ? { id: existing.id, number: existing.number, type: existing.type, title: existing.title, issuer: existing.issuer ?? dto.issuer, issuedOn: existing.issuedOn ?? dto.date }
      : await this.sourceDocuments.create({ number: dto.number, type: dto.type, title: dto.title, issuedOn: dto.date, issuer: dto.issuer }, m);
    const tasks: IncomingDocumentResult['tasks'] = [];
    for (const [i, t] of dto.tasks.entries()) {
      const id = await withFieldPrefix(`tasks.${i}.`, () =>
        this.tasks.createInTransaction(
          m,
          {
            title: t.title,
            description: t.description,
            leadUnitCode: t.leadUnitCode,
            coordinatingUnitCodes: t.coordinatingUnitCodes,
            deadline: t.deadline ?? null,
            priority: t.priority,
            isKeyTask: t.isKeyTask,
            sourceDocumentId: document.id,
          },
          actor,
        ),
      );
      const [row] = await m.query(`SELECT t.code, u.code AS lead FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.id = $1`, [id]);
      tasks.push({ id, code: row.code, title: t.title, leadUnitCode: row.lead });
    }
    const stored = await this.attachments.storeFile(m, file, { kind: 'source_document', id: document.id }, actor);
    const [{ id }] = await m.query(`SELECT gen_random_uuid() AS id`);
    const result: IncomingDocumentResult = {
      id,
      document: { id: document.id, number: document.number, type: document.type, title: document.title, issuer: document.issuer as string, issuedOn: document.issuedOn as string, fileId: stored.id },
      tasks,
      receivedAt: now.toISOString(),
    };
    await m.query(
      `INSERT INTO incoming_documents (id, number, issuer, source_document_id, file_id, request_sha256, result, api_token_id, received_by_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, dto.number, dto.issuer, document.id, stored.id, requestSha256, JSON.stringify(result), actor.apiToken?.id ?? null, actor.id, now],
    );
    return result;
  }

  /**
   * A token acts only for its units: every task's lead unit must be one of them or under one (403 API_TOKEN_UNIT on
   * the task's field, recorded as `api_token_out_of_scope`). Unknown units are left to the tasks' own rule (400).
   */
  private async checkTokenUnits(dto: IncomingDocumentDto, actor: Actor): Promise<void> {
    if (!actor.apiToken) return;
    const codes = [...new Set(dto.tasks.map((t) => t.leadUnitCode.toUpperCase()))];
    const units: Array<{ code: string; path: string }> = await this.db.query(`SELECT upper(code) AS code, path FROM units WHERE upper(code) = ANY($1::text[])`, [codes]);
    const paths = new Map(units.map((u) => [u.code, u.path]));
    for (const [i, t] of dto.tasks.entries()) {
      const path = paths.get(t.leadUnitCode.toUpperCase());
      if (path !== undefined && !managesUnit(actor, path)) {
        await this.audit.recordSecurityEvent('api_token_out_of_scope', { actorId: actor.id, tokenId: actor.apiToken.id, name: actor.apiToken.name, unit: t.leadUnitCode });
        throw refusedOn(refuse('API_TOKEN_UNIT', { field: `tasks.${i}.leadUnitCode`, params: { code: t.leadUnitCode } }), 'unit', t.leadUnitCode);
      }
    }
  }
}

/**
 * The content as received, in a canonical order, with the file's SHA-256: equal exactly when the request is the same
 * (the key, number and issuer, in any case, as the key itself is matched).
 */
function contentHash(dto: IncomingDocumentDto, fileSha256: string): string {
  const canonical = {
    number: dto.number.toUpperCase(),
    type: dto.type,
    issuer: dto.issuer.toUpperCase(),
    date: dto.date,
    title: dto.title,
    tasks: dto.tasks.map((t) => ({
      title: t.title,
      description: t.description ?? '',
      leadUnitCode: t.leadUnitCode.toUpperCase(),
      coordinatingUnitCodes: (t.coordinatingUnitCodes ?? []).map((c) => c.toUpperCase()),
      deadline: t.deadline ?? null,
      priority: t.priority ?? 'normal',
      isKeyTask: t.isKeyTask ?? false,
    })),
    file: fileSha256,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Runs `call`; a refusal naming fields names them under `prefix` (a task's fields are `tasks.<i>.<field>` here). */
async function withFieldPrefix<T>(prefix: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApiError) || !err.fieldErrors?.length) throw err;
    const prefixed = new ApiError(err.getStatus(), err.code, err.message, err.fieldErrors.map((e) => ({ ...e, field: prefix + e.field })), err.headers);
    prefixed.refusedObject = err.refusedObject;
    throw prefixed;
  }
}
