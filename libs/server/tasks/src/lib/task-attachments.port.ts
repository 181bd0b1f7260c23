import type { EntityManager } from 'typeorm';

/**
 * What the tasks need from the attachments feature, which depends on tasks (so tasks cannot import it): the
 * attachments module provides this under TASK_ATTACHMENTS; without it (a process that does not load files) no file
 * is linked and no file is required.
 */
export const TASK_ATTACHMENTS = Symbol('TASK_ATTACHMENTS');

/** The facts of a task the evidence rule reads: the lead unit's own setting, then the source document type's. */
export interface EvidenceTask {
  id: string;
  leadUnitId: string;
  sourceDocumentId: string | null;
}

export interface TaskAttachmentsPort {
  /**
   * Links files already uploaded to this task to a completion report or a progress note, in the caller's
   * transaction. Refuses ATTACHMENT_NOT_ON_TASK (400, field attachmentIds) for an id that is not a live attachment
   * of this task; for a completion, COMPLETION_NEEDS_FILE (422, field attachmentIds) when the lead unit or the source
   * document's type requires at least one file and none is given.
   */
  link(
    manager: EntityManager,
    task: EvidenceTask,
    target: { kind: 'completion' | 'progress_note'; id: string },
    attachmentIds: string[],
  ): Promise<void>;
}
