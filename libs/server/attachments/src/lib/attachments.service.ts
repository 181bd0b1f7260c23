import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttachmentView, DocumentType } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import {
  Actor,
  AppConfig,
  AttachmentTypeName,
  canManageTask,
  canReadTask,
  Clock,
  forbidden,
  notFound,
  outOfScope,
  refuse,
  refusedOn,
  TaskScopeFacts,
} from '@tiendo/server-core';
import { EvidenceTask, TaskAttachmentsPort, TaskEventsRepository, TaskQueryRepository } from '@tiendo/server-tasks';
import { UnitsService } from '@tiendo/server-units';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ReceivedFile } from './attachment-upload.interceptor';
import { AttachmentRow, AttachmentsRepository, EvidenceRuleRow, StoredFileOwnerKind, StoredFileRow, TaskForFiles } from './attachments.repository';
import { BLOB_STORE, BlobStore } from './blob-store';
import { detectAllowedType, HEAD_BYTES } from './file-content';
import { DeletedAttachmentsPurge, RESTORE_DAYS } from './deleted-attachments-purge';
import { cleanFileName, MAX_FILE_NAME_CHARS } from './file-name';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Files on tasks: the rules (who may attach, read, delete and restore; limits; types by content) and the evidence rule
 * for completions. Bytes go to the BlobStore under their SHA-256; rows, history and the `attachment_added` event are
 * written in one transaction.
 */
/** What a file can be linked to besides the task itself. */
type AttachedTarget = 'completion' | 'progress_note' | 'comment';

@Injectable()
export class AttachmentsService implements TaskAttachmentsPort {
  private readonly logger = new Logger(AttachmentsService.name);
  private readonly allowedTypes: AttachmentTypeName[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly files: AttachmentsRepository,
    private readonly tasks: TaskQueryRepository,
    private readonly events: TaskEventsRepository,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly purge: DeletedAttachmentsPurge,
  ) {
    this.allowedTypes = config.ATTACHMENT_TYPES.split(',').map((t) => t.trim().toLowerCase() as AttachmentTypeName);
  }

  /** The limits in force, for the README, the web's drop zone and error messages. */
  get limits(): { maxBytes: number; perTask: number; types: AttachmentTypeName[] } {
    return { maxBytes: this.config.ATTACHMENT_MAX_MB * 1024 * 1024, perTask: this.config.ATTACHMENTS_PER_TASK, types: this.allowedTypes };
  }

  /**
   * Attaches an uploaded file (already on disk, hashed) to the task. Whoever may read an open task may attach (the
   * assignee's evidence, a coordinating unit's draft, a file for a comment); once the task is completed or cancelled,
   * only whoever manages it. The temporary file is always removed.
   *
   * Errors: 404 task missing or outside the caller's scope; 403 closed task, not its manager; 400
   * ATTACHMENT_EMPTY (zero bytes), ATTACHMENT_NAME_INVALID, ATTACHMENT_NAME_TOO_LONG (over MAX_FILE_NAME_CHARS after NFC); 422 ATTACHMENT_TYPE_NOT_ALLOWED (content not allowed, or the extension disagrees),
   * ATTACHMENT_LIMIT_REACHED (ATTACHMENTS_PER_TASK live files). Size is refused earlier (413, AttachmentUpload).
   */
  async upload(taskId: string, file: ReceivedFile, actor: Actor): Promise<AttachmentView> {
    try {
      const facts = await this.readable(taskId, actor);
      if (file.size === 0) throw refuse('ATTACHMENT_EMPTY', { field: 'file' });
      const name = cleanFileName(file.originalname);
      if (name === null) throw refuse('ATTACHMENT_NAME_INVALID', { field: 'file' });
      if (Array.from(name).length > MAX_FILE_NAME_CHARS) throw refuse('ATTACHMENT_NAME_TOO_LONG', { field: 'file', params: { max: MAX_FILE_NAME_CHARS } });
      const contentType = await detectAllowedType(file.path, file.size, file.head, name, this.allowedTypes);
      if (contentType === null) throw refuse('ATTACHMENT_TYPE_NOT_ALLOWED', { field: 'file', params: { types: this.allowedTypes.join(', ') } });
      const now = this.clock.now();
      const id = randomUUID();
      await this.db.transaction(async (manager) => {
        const task = await this.files.lockTaskFiles(manager, taskId);
        if (!task) throw notFound('Task');
        if (task.state !== 'open' && !canManageTask(actor, facts)) {
          throw refusedOn(forbidden('Nhiệm vụ đã đóng; chỉ người quản lý nhiệm vụ mới được đính kèm thêm tệp'), 'task', taskId);
        }
        if ((await this.files.countLive(manager, taskId)) >= this.config.ATTACHMENTS_PER_TASK) {
          throw refuse('ATTACHMENT_LIMIT_REACHED', { field: 'file', params: { max: this.config.ATTACHMENTS_PER_TASK } });
        }
        await this.files.claimBlob(manager, { sha256: file.sha256, size: file.size, contentType, at: now });
        // Under the blob row's lock: a purge of these bytes has finished (they are stored again) or waits for us.
        await this.stored(async () => {
          if (!(await this.store.exists(file.sha256))) await this.store.put(file.sha256, file.path, file.size);
        });
        await this.files.insert(manager, { id, taskId, sha256: file.sha256, name, size: file.size, contentType, uploadedById: actor.id, at: now });
        await this.audit.recordTaskChange(manager, {
          taskId,
          actorId: actor.id,
          action: 'attachment_added',
          changes: [{ field: 'attachments', from: null, to: { id, name, size: file.size, sha256: file.sha256 } }],
          note: name,
          at: now,
        });
        await this.events.record(manager, { taskId, kind: 'attachment_added', actorId: actor.id, at: now, payload: { attachmentId: id, name } });
      });
      return this.files.view(this.db.manager, id);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /**
   * Attaches bytes already in memory (the demo data, small generated files) through the same path as an upload: written
   * to a temporary file, hashed, then `upload` with its rules, history and event. Not for user uploads (they stream).
   */
  async attachBytes(taskId: string, name: string, bytes: Buffer, actor: Actor): Promise<AttachmentView> {
    await mkdir(this.config.UPLOAD_TMP_DIR, { recursive: true, mode: 0o700 });
    const path = join(this.config.UPLOAD_TMP_DIR, randomUUID());
    await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.upload(taskId, { originalname: name, path, size: bytes.length, sha256, head: bytes.subarray(0, HEAD_BYTES) }, actor);
  }

  /**
   * Stores an upload that belongs to something other than a task (an obligation's report template), in the caller's
   * transaction, by the rules of a task's file: not empty (400 ATTACHMENT_EMPTY), a clean name (400
   * ATTACHMENT_NAME_INVALID, ATTACHMENT_NAME_TOO_LONG), an allowed type by content (422 ATTACHMENT_TYPE_NOT_ALLOWED);
   * the size was refused on arrival (413, AttachmentUpload). The bytes go to the store under their SHA-256 like a
   * task's (one copy whatever uses them), and a stored_files row names this upload; rows are never changed or deleted,
   * so a file replaced later is still there (nothing uploaded is lost). Who may upload is the caller's rule, decided
   * before. The temporary file is the caller's to remove (`discardUpload`, in its `finally`).
   */
  async storeFile(manager: EntityManager, file: ReceivedFile, owner: { kind: StoredFileOwnerKind; id: string }, actor: Actor): Promise<StoredFileRow> {
    if (file.size === 0) throw refuse('ATTACHMENT_EMPTY', { field: 'file' });
    const name = cleanFileName(file.originalname);
    if (name === null) throw refuse('ATTACHMENT_NAME_INVALID', { field: 'file' });
    if (Array.from(name).length > MAX_FILE_NAME_CHARS) throw refuse('ATTACHMENT_NAME_TOO_LONG', { field: 'file', params: { max: MAX_FILE_NAME_CHARS } });
    const contentType = await detectAllowedType(file.path, file.size, file.head, name, this.allowedTypes);
    if (contentType === null) throw refuse('ATTACHMENT_TYPE_NOT_ALLOWED', { field: 'file', params: { types: this.allowedTypes.join(', ') } });
    const now = this.clock.now();
    const id = randomUUID();
    await this.files.claimBlob(manager, { sha256: file.sha256, size: file.size, contentType, at: now });
    // Under the blob row's lock, as an upload to a task: a purge of these bytes has finished or waits for us.
    await this.stored(async () => {
      if (!(await this.store.exists(file.sha256))) await this.store.put(file.sha256, file.path, file.size);
    });
    await this.files.insertStored(manager, { id, sha256: file.sha256, name, size: file.size, contentType, ownerKind: owner.kind, ownerId: owner.id, uploadedById: actor.id, at: now });
    return (await this.files.findStored(manager, id)) as StoredFileRow;
  }

  /** Removes an upload's temporary file (AttachmentUpload's), whatever became of it. */
  async discardUpload(file: ReceivedFile): Promise<void> {
    await rm(file.path, { force: true });
  }

  /** A stored file's row (`storeFile`), or null. No access check: its owner's feature decides who reads it. */
  storedFile(id: string): Promise<StoredFileRow | null> {
    return this.files.findStored(this.db.manager, id);
  }

  /** A stored file's row and a stream of its bytes, for a feature that has decided the caller may read it; 404 if absent. */
  async openStored(id: string): Promise<{ file: StoredFileRow; bytes: Readable }> {
    const file = await this.files.findStored(this.db.manager, id);
    if (!file) throw notFound('Attachment');
    return { file, bytes: await this.stored(() => this.store.get(file.sha256)) };
  }

  /** The task's files, oldest first. `includeDeleted` (admins only; ignored for others) adds restorable deleted files. 404 outside scope. */
  async list(taskId: string, actor: Actor, includeDeleted = false): Promise<AttachmentView[]> {
    // The access facts and the files in one statement; the files are used only once access is decided.
    const found = await this.tasks.scopeFactsWithRows(this.files.listSql(includeDeleted && actor.role === 'admin'), [taskId]);
    if (!found) throw notFound('Task');
    if (!canReadTask(actor, found.scope)) throw outOfScope('task', taskId);
    return this.files.listFromRows(found.rows);
  }

  /**
   * The files linked to completion reports, progress notes or comments (for their views), by target id: `kind` one
   * kind or several (a timeline's comments and notes in one read).
   */
  attachedTo(kind: AttachedTarget | AttachedTarget[], ids: string[]): Promise<Map<string, AttachmentView[]>> {
    return this.files.listAttachedTo(this.db.manager, Array.isArray(kind) ? kind : [kind], ids);
  }

  /**
   * One live file's row and a stream of its bytes, for whoever may read the task. 404 for a missing or deleted
   * file, a file of another task, or a task outside the caller's scope (its existence does not leak).
   */
  async open(taskId: string, attachmentId: string, actor: Actor): Promise<{ file: AttachmentRow; bytes: Readable }> {
    await this.readable(taskId, actor);
    const file = await this.files.find(this.db.manager, taskId, attachmentId);
    if (!file || file.deletedAt) throw notFound('Attachment');
    return { file, bytes: await this.stored(() => this.store.get(file.sha256)) };
  }

  /**
   * A live file of the task, for a feature whose own rule lets the caller read it (the office that receives a
   * periodic report downloads the report's file from the period's board, obligation-access.ts): no access check
   * here, the caller has decided. 404 for a missing or deleted file, or one of another task.
   */
  async openGranted(taskId: string, attachmentId: string): Promise<{ file: AttachmentRow; bytes: Readable }> {
    const file = await this.files.find(this.db.manager, taskId, attachmentId);
    if (!file || file.deletedAt) throw notFound('Attachment');
    return { file, bytes: await this.stored(() => this.store.get(file.sha256)) };
  }

  /**
   * Deletes a file (kept 30 days for an admin to restore): its uploader while the task is open, whoever manages the
   * task, or an admin. 404 outside scope or no such live file; 403 for other readers; 422 ATTACHMENT_IS_EVIDENCE for the
   * last file of a completion that stands (not returned, task not reopened) when the task's evidence rule requires a
   * file, nothing written. In the history.
   */
  async remove(taskId: string, attachmentId: string, actor: Actor): Promise<void> {
    const facts = await this.readable(taskId, actor);
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const task = await this.files.lockTaskFiles(manager, taskId);
      const file = await this.files.find(manager, taskId, attachmentId);
      if (!task || !file || file.deletedAt) throw notFound('Attachment');
      const mayDelete = canManageTask(actor, facts) || (file.uploadedById === actor.id && task.state === 'open');
      if (!mayDelete) {
        throw refusedOn(forbidden('Chỉ người tải tệp lên (khi nhiệm vụ đang thực hiện) hoặc người quản lý nhiệm vụ mới được xoá tệp'), 'task', taskId);
      }
      // The last file of a completion that stands, on a task whose rule requires one, is its evidence: kept until the
      // completion is returned or the task reopened (then the completion no longer stands on it).
      if ((await this.files.isLastEvidence(manager, taskId, file.id)) && (await this.files.requiresFile(manager, task))) {
        throw refuse('ATTACHMENT_IS_EVIDENCE');
      }
      await this.files.markDeleted(manager, file.id, actor.id, now);
      await this.audit.recordTaskChange(manager, {
        taskId,
        actorId: actor.id,
        action: 'attachment_deleted',
        changes: [{ field: 'attachments', from: { id: file.id, name: file.name }, to: null }],
        note: file.name,
        at: now,
      });
    });
  }

  /**
   * An admin restores a file deleted less than 30 days ago; the bytes were kept, so nothing is lost. 404 no such file
   * on this task; 422 ATTACHMENT_NOT_DELETED, ATTACHMENT_RESTORE_EXPIRED. In the history.
   */
  async restore(taskId: string, attachmentId: string, actor: Actor): Promise<AttachmentView> {
    await this.readable(taskId, actor);
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      await this.files.lockTaskFiles(manager, taskId);
      const file = await this.files.find(manager, taskId, attachmentId);
      if (!file) throw notFound('Attachment');
      if (!file.deletedAt) throw refuse('ATTACHMENT_NOT_DELETED');
      if (now.getTime() - new Date(file.deletedAt).getTime() > RESTORE_DAYS * DAY_MS) throw refuse('ATTACHMENT_RESTORE_EXPIRED', { params: { days: RESTORE_DAYS } });
      await this.files.markRestored(manager, file.id);
      await this.audit.recordTaskChange(manager, {
        taskId,
        actorId: actor.id,
        action: 'attachment_restored',
        changes: [{ field: 'attachments', from: null, to: { id: file.id, name: file.name } }],
        note: file.name,
        at: now,
      });
    });
    return this.files.view(this.db.manager, attachmentId);
  }

  /**
   * TASK_ATTACHMENTS for the tasks feature: links files already on the task to a completion report or a progress
   * note, in the caller's transaction. 400 ATTACHMENT_NOT_ON_TASK (field attachmentIds) for an id that is not a live
   * file of this task attached to the task itself; 422 COMPLETION_NEEDS_FILE (field attachmentIds) for a completion
   * with no file when the lead unit's rule, or else its source document type's, requires one.
   */
  async link(manager: EntityManager, task: EvidenceTask, target: { kind: 'completion' | 'progress_note'; id: string }, attachmentIds: string[]): Promise<void> {
    await this.linkTo(manager, task.id, target, attachmentIds);
    if (target.kind === 'completion' && attachmentIds.length === 0 && (await this.files.requiresFile(manager, task))) {
      throw refuse('COMPLETION_NEEDS_FILE', { field: 'attachmentIds' });
    }
  }

  /** Links files already on the task to a comment (for the comments feature), in the caller's transaction; errors as `link`. */
  async linkTo(manager: EntityManager, taskId: string, target: { kind: 'completion' | 'progress_note' | 'comment'; id: string }, attachmentIds: string[]): Promise<void> {
    const ids = [...new Set(attachmentIds)];
    if (ids.length === 0) return;
    await this.files.lockTaskFiles(manager, taskId);
    const linked = await this.files.link(manager, taskId, target, ids);
    if (linked !== ids.length) throw refuse('ATTACHMENT_NOT_ON_TASK', { field: 'attachmentIds' });
  }

  /**
   * The live files linked to each of these completion reports (completion id → its files, oldest first), for a
   * feature that shows completions of tasks the caller was allowed to see (a periodic report's board). No access
   * check here: the caller has decided who reads them.
   */
  completionFiles(completionIds: string[]): Promise<Map<string, AttachmentView[]>> {
    return this.files.listAttachedTo(this.db.manager, ['completion'], completionIds);
  }

  /** Whether completing this task needs a file (the lead unit's rule, else the source document type's, else no). */
  requiresFile(task: Pick<TaskForFiles, 'leadUnitId' | 'sourceDocumentId'>): Promise<boolean> {
    return this.files.requiresFile(this.db.manager, task);
  }

  /**
   * Sets whether completing a task needs at least one file, for tasks led by a unit (`unitCode`, its own setting
   * wins) or assigned from a type of source document (`documentType`). Admins only (the controller's guard). 400
   * EVIDENCE_RULE_TARGET unless exactly one is given; 400 UNKNOWN_UNIT.
   */
  async setEvidenceRule(target: { unitCode?: string; documentType?: DocumentType }, requireFile: boolean, actor: Actor): Promise<EvidenceRuleRow[]> {
    if ((target.unitCode === undefined) === (target.documentType === undefined)) throw refuse('EVIDENCE_RULE_TARGET', { field: 'unitCode' });
    let where: { unitId: string } | { documentType: DocumentType };
    if (target.unitCode !== undefined) {
      const unit = await this.units.findByCode(target.unitCode);
      if (!unit) throw refuse('UNKNOWN_UNIT', { field: 'unitCode', params: { code: target.unitCode } });
      where = { unitId: unit.id };
    } else {
      where = { documentType: target.documentType as DocumentType };
    }
    await this.files.setEvidenceRule(this.db.manager, where, requireFile, actor.id, this.clock.now());
    return this.evidenceRules();
  }

  evidenceRules(): Promise<EvidenceRuleRow[]> {
    return this.files.evidenceRules(this.db.manager);
  }

  /** Forgets files deleted more than 30 days ago and the bytes nothing refers to any more (DeletedAttachmentsPurge). */
  purgeExpired(batch?: number): Promise<{ rows: number; blobs: number }> {
    return this.purge.run(batch);
  }

  /**
   * A call to the store; its failure (the bucket does not answer, the folder is not writable, a file is missing) is
   * logged with the cause and answered 503 STORAGE_UNAVAILABLE, the caller's transaction rolling back.
   */
  private async stored<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      this.logger.error(`file store ${this.store.description}: ${(err as Error).message}`);
      throw refuse('STORAGE_UNAVAILABLE');
    }
  }

  /** 404 when the task is missing or outside the caller's scope (the same answer); its scope facts otherwise. */
  private async readable(taskId: string, actor: Actor): Promise<TaskScopeFacts> {
    const facts = await this.tasks.scopeFacts(taskId);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', taskId);
    return facts;
  }
}
