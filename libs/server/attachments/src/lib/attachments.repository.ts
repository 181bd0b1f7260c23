import { Injectable } from '@nestjs/common';
import type { AttachmentView, DocumentType } from '@tiendo/contracts';
import { preparedQuery } from '@tiendo/server-core';
import type { EntityManager } from 'typeorm';

export type AttachedToKind = AttachmentView['attachedTo']['kind'];

/** A task as the files need it (read under the task's files lock). */
export interface TaskForFiles {
  id: string;
  state: 'open' | 'completed' | 'cancelled';
  leadUnitId: string;
  sourceDocumentId: string | null;
}

export interface AttachmentRow {
  id: string;
  taskId: string;
  sha256: string;
  name: string;
  size: number;
  contentType: string;
  uploadedById: string;
  deletedAt: Date | null;
}

/** A file that belongs to something other than a task (stored_files: an obligation's template). */
export interface StoredFileRow {
  id: string;
  sha256: string;
  name: string;
  size: number;
  contentType: string;
  ownerKind: StoredFileOwnerKind;
  ownerId: string;
  uploadedBy: { id: string; fullName: string };
  /** ISO instant. */
  uploadedAt: string;
}

/** What a stored file may be uploaded for (stored_files.owner_kind's CHECK, migration 1796500001000). */
export type StoredFileOwnerKind = 'report_obligation_template' | 'source_document';

export interface EvidenceRuleRow {
  unitCode: string | null;
  documentType: DocumentType | null;
  requireFile: boolean;
  updatedAt: string;
}

interface ViewRow {
  id: string;
  name: string;
  size: string;
  content_type: string;
  sha256: string;
  attached_to_kind: AttachedToKind;
  attached_to_id: string | null;
  uploaded_at: Date;
  deleted_at: Date | null;
  uploader_id: string;
  uploader_username: string;
  uploader_name: string;
}

const VIEW_SELECT = `
  SELECT a.id, a.name, a.size::text AS size, a.content_type, a.sha256, a.attached_to_kind, a.attached_to_id, a.uploaded_at, a.deleted_at,
         u.id AS uploader_id, u.username AS uploader_username, u.full_name AS uploader_name
    FROM task_attachments a JOIN users u ON u.id = a.uploaded_by_id`;

/** TypeORM answers an UPDATE or DELETE on PostgreSQL with `[rows, rowCount]`, not the rows. */
function affected(result: unknown): number {
  return Array.isArray(result) && Array.isArray(result[0]) ? Number(result[1]) : (result as unknown[]).length;
}

function toView(r: ViewRow): AttachmentView {
  return {
    id: r.id,
    name: r.name,
    size: Number(r.size),
    contentType: r.content_type,
    sha256: r.sha256,
    attachedTo: { kind: r.attached_to_kind, id: r.attached_to_id },
    uploadedBy: { id: r.uploader_id, username: r.uploader_username, fullName: r.uploader_name },
    uploadedAt: new Date(r.uploaded_at).toISOString(),
    deletedAt: r.deleted_at ? new Date(r.deleted_at).toISOString() : null,
  };
}

/**
 * THE writer of `task_attachments`, `attachment_blobs`, `stored_files` and `completion_evidence_rules`. Reads one row of `tasks`
 * (state, lead unit, source document) for the rules; writes nothing of the tasks feature.
 */
@Injectable()
export class AttachmentsRepository {
  /**
   * Serialises the file changes of one task (uploads, deletions, restores, links) for the rest of the caller's
   * transaction, so the count limit holds under concurrent uploads, without locking the task row itself (a task
   * change does not wait for a 20 MB upload to reach the store).
   */
  async lockTaskFiles(manager: EntityManager, taskId: string): Promise<TaskForFiles | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('task_attachments:' || $1::text, 0))`, [taskId]);
    const [row] = await manager.query(`SELECT id, state, lead_unit_id, source_document_id FROM tasks WHERE id = $1`, [taskId]);
    return row ? { id: row.id, state: row.state, leadUnitId: row.lead_unit_id, sourceDocumentId: row.source_document_id } : null;
  }

  async taskState(manager: EntityManager, taskId: string): Promise<TaskForFiles['state'] | null> {
    const [row] = await manager.query(`SELECT state FROM tasks WHERE id = $1`, [taskId]);
    return row?.state ?? null;
  }

  async countLive(manager: EntityManager, taskId: string): Promise<number> {
    const [row] = await manager.query(`SELECT count(*)::int AS n FROM task_attachments WHERE task_id = $1 AND deleted_at IS NULL`, [taskId]);
    return row.n;
  }

  /**
   * Records that the store holds (or is about to hold) these bytes, locking the blob row until the caller commits:
   * a purge of the same hash waits, or has finished and the upload stores the bytes again.
   */
  async claimBlob(manager: EntityManager, blob: { sha256: string; size: number; contentType: string; at: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO attachment_blobs (sha256, size, content_type, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO UPDATE SET sha256 = EXCLUDED.sha256`,
      [blob.sha256, blob.size, blob.contentType, blob.at],
    );
  }

  async insert(
    manager: EntityManager,
    a: { id: string; taskId: string; sha256: string; name: string; size: number; contentType: string; uploadedById: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO task_attachments (id, task_id, sha256, name, size, content_type, uploaded_by_id, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [a.id, a.taskId, a.sha256, a.name, a.size, a.contentType, a.uploadedById, a.at],
    );
  }

  /** A file that belongs to something other than a task (stored_files: appended, never changed nor deleted). */
  async insertStored(
    manager: EntityManager,
    f: { id: string; sha256: string; name: string; size: number; contentType: string; ownerKind: StoredFileOwnerKind; ownerId: string; uploadedById: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO stored_files (id, sha256, name, size, content_type, owner_kind, owner_id, uploaded_by_id, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [f.id, f.sha256, f.name, f.size, f.contentType, f.ownerKind, f.ownerId, f.uploadedById, f.at],
    );
  }

  async findStored(manager: EntityManager, id: string): Promise<StoredFileRow | null> {
    const [r] = await manager.query(
      `SELECT f.id, f.sha256, f.name, f.size::text AS size, f.content_type, f.owner_kind, f.owner_id, f.uploaded_by_id, u.full_name, f.uploaded_at
         FROM stored_files f JOIN users u ON u.id = f.uploaded_by_id WHERE f.id = $1`,
      [id],
    );
    return r
      ? {
          id: r.id,
          sha256: r.sha256,
          name: r.name,
          size: Number(r.size),
          contentType: r.content_type,
          ownerKind: r.owner_kind,
          ownerId: r.owner_id,
          uploadedBy: { id: r.uploaded_by_id, fullName: r.full_name },
          uploadedAt: new Date(r.uploaded_at).toISOString(),
        }
      : null;
  }

  async view(manager: EntityManager, id: string): Promise<AttachmentView> {
    const [row] = await manager.query(`${VIEW_SELECT} WHERE a.id = $1`, [id]);
    return toView(row);
  }

  /** A task's files, oldest first; deleted ones (restorable) only when asked. */
  async list(manager: EntityManager, taskId: string, includeDeleted: boolean): Promise<AttachmentView[]> {
    return this.listFromRows(await preparedQuery(manager, this.listSql(includeDeleted), [taskId]));
  }

  /** The SELECT behind `list`, over the task id $1 (for a read that checks access in the same statement). */
  listSql(includeDeleted: boolean): string {
    return `${VIEW_SELECT} WHERE a.task_id = $1 ${includeDeleted ? '' : 'AND a.deleted_at IS NULL'} ORDER BY a.uploaded_at, a.id`;
  }

  /** `list`'s answer from the rows of `listSql`. */
  listFromRows(rows: unknown[]): AttachmentView[] {
    return (rows as ViewRow[]).map(toView);
  }

  /** The files linked to completion reports, progress notes or comments (any of `kinds`), for their views. */
  async listAttachedTo(manager: EntityManager, kinds: Array<Exclude<AttachedToKind, 'task'>>, ids: string[]): Promise<Map<string, AttachmentView[]>> {
    const rows: ViewRow[] = ids.length
      ? await preparedQuery<ViewRow>(
          manager,
          `${VIEW_SELECT} WHERE a.attached_to_kind = ANY($1::text[]) AND a.attached_to_id = ANY($2::uuid[]) AND a.deleted_at IS NULL ORDER BY a.uploaded_at, a.id`,
          [kinds, ids],
        )
      : [];
    const byTarget = new Map<string, AttachmentView[]>();
    for (const r of rows) byTarget.set(r.attached_to_id as string, [...(byTarget.get(r.attached_to_id as string) ?? []), toView(r)]);
    return byTarget;
  }

  async find(manager: EntityManager, taskId: string, id: string): Promise<AttachmentRow | null> {
    const [r] = await manager.query(
      `SELECT id, task_id, sha256, name, size::text AS size, content_type, uploaded_by_id, deleted_at FROM task_attachments WHERE id = $1 AND task_id = $2`,
      [id, taskId],
    );
    return r
      ? { id: r.id, taskId: r.task_id, sha256: r.sha256, name: r.name, size: Number(r.size), contentType: r.content_type, uploadedById: r.uploaded_by_id, deletedAt: r.deleted_at }
      : null;
  }

  async markDeleted(manager: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await manager.query(`UPDATE task_attachments SET deleted_at = $2, deleted_by_id = $3 WHERE id = $1`, [id, at, by]);
  }

  async markRestored(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE task_attachments SET deleted_at = NULL, deleted_by_id = NULL WHERE id = $1`, [id]);
  }

  /**
   * Links live files of the task that are attached to the task itself to one target; returns how many were linked
   * (fewer than asked: some id is not such a file).
   */
  async link(manager: EntityManager, taskId: string, target: { kind: Exclude<AttachedToKind, 'task'>; id: string }, ids: string[]): Promise<number> {
    const rows = await manager.query(
      `UPDATE task_attachments SET attached_to_kind = $3, attached_to_id = $4
        WHERE task_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL AND attached_to_kind = 'task' RETURNING id`,
      [taskId, ids, target.kind, target.id],
    );
    return affected(rows);
  }

  /**
   * Whether this live file is the last live file of a completion report that stands (not returned for redo, not
   * reopened: `task_completions.returned_at IS NULL`) of a task still completed — the evidence that completion rests on.
   * Read-only on the tasks feature's `task_completions` and `tasks`.
   */
  async isLastEvidence(manager: EntityManager, taskId: string, attachmentId: string): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM task_attachments a
           JOIN task_completions c ON c.id = a.attached_to_id AND c.task_id = a.task_id AND c.returned_at IS NULL
           JOIN tasks t ON t.id = a.task_id AND t.state = 'completed'
          WHERE a.id = $2 AND a.task_id = $1 AND a.attached_to_kind = 'completion' AND a.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM task_attachments o
                             WHERE o.task_id = a.task_id AND o.attached_to_kind = 'completion' AND o.attached_to_id = a.attached_to_id
                               AND o.id <> a.id AND o.deleted_at IS NULL)) AS last`,
      [taskId, attachmentId],
    );
    return row.last;
  }

  /** The evidence rule for a task: its lead unit's own setting, else its source document type's, else no file needed. */
  async requiresFile(manager: EntityManager, task: { leadUnitId: string; sourceDocumentId: string | null }): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT coalesce(
                (SELECT require_file FROM completion_evidence_rules WHERE unit_id = $1),
                (SELECT r.require_file FROM completion_evidence_rules r JOIN source_documents d ON d.type = r.document_type WHERE d.id = $2),
                false) AS required`,
      [task.leadUnitId, task.sourceDocumentId],
    );
    return row.required;
  }

  async setEvidenceRule(manager: EntityManager, target: { unitId: string } | { documentType: DocumentType }, requireFile: boolean, by: string, at: Date): Promise<void> {
    const [column, value] = 'unitId' in target ? ['unit_id', target.unitId] : ['document_type', target.documentType];
    await manager.query(
      `INSERT INTO completion_evidence_rules (${column}, require_file, updated_at, updated_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (${column}) DO UPDATE SET require_file = EXCLUDED.require_file, updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id`,
      [value, requireFile, at, by],
    );
  }

  async evidenceRules(manager: EntityManager): Promise<EvidenceRuleRow[]> {
    const rows = await manager.query(
      `SELECT u.code AS unit_code, r.document_type, r.require_file, r.updated_at
         FROM completion_evidence_rules r LEFT JOIN units u ON u.id = r.unit_id ORDER BY u.code NULLS LAST, r.document_type`,
    );
    return rows.map((r: { unit_code: string | null; document_type: DocumentType | null; require_file: boolean; updated_at: Date }) => ({
      unitCode: r.unit_code,
      documentType: r.document_type,
      requireFile: r.require_file,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** Removes the rows of files deleted before `before` (past restoring); returns how many. */
  async dropExpired(manager: EntityManager, before: Date): Promise<number> {
    return affected(await manager.query(`DELETE FROM task_attachments WHERE deleted_at < $1 RETURNING id`, [before]));
  }

  /** Locks (skipping those an upload holds) up to `limit` blobs no row refers to any more (a task's file or a stored file). */
  async claimOrphanBlobs(manager: EntityManager, limit: number): Promise<string[]> {
    const rows: Array<{ sha256: string }> = await manager.query(
      `SELECT b.sha256 FROM attachment_blobs b
        WHERE NOT EXISTS (SELECT 1 FROM task_attachments a WHERE a.sha256 = b.sha256)
          AND NOT EXISTS (SELECT 1 FROM stored_files f WHERE f.sha256 = b.sha256)
        LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => r.sha256);
  }

  async dropBlob(manager: EntityManager, sha256: string): Promise<void> {
    await manager.query(`DELETE FROM attachment_blobs WHERE sha256 = $1`, [sha256]);
  }
}
