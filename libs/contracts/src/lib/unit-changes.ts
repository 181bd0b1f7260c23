import type { UnitKind } from './roles';

/**
 * Units that merge and split (README, "Units that merge and split"): what an administrator sends and what the API
 * answers, for the preview (nothing written) and for the change itself.
 */

/** A successor unit created by the change (as `POST /api/units` takes it). */
export interface NewSuccessorUnit {
  code: string;
  name: string;
  kind?: UnitKind;
  parentCode?: string;
}

/** `POST /api/units/merges[/preview]`. */
export interface UnitMergeRequest {
  /** The units that merge (1 to 100 codes); each becomes inactive. */
  sourceUnitCodes: string[];
  /** An existing active unit that takes them over... */
  successorUnitCode?: string;
  /** ...or a new one (exactly one of the two). */
  newSuccessorUnit?: NewSuccessorUnit;
  /** The effective day (YYYY-MM-DD), meaning 00:00 of that day in Asia/Ho_Chi_Minh; from the 1st of this month to today. */
  effectiveAt: string;
  /** Why (the decision, e.g. "Nghị quyết 202/2025/QH15"), 1 to 1,000 characters. */
  reason: string;
}

/** `POST /api/units/splits[/preview]`. */
export interface UnitSplitRequest {
  sourceUnitCode: string;
  /** Existing active units among the successors. */
  successorUnitCodes?: string[];
  /** New units among the successors. */
  newSuccessorUnits?: NewSuccessorUnit[];
  /** The successor of every open task, coordinating reference and user not named below. */
  defaultSuccessorCode: string;
  /** Open tasks the source leads, each sent to a successor (by its code). */
  tasks?: Array<{ taskId: string; successorCode: string }>;
  /** Users of the source, each sent to a successor (by its code). */
  users?: Array<{ userId: string; successorCode: string }>;
  effectiveAt: string;
  reason: string;
}

/** What a merge or split moves (the preview) or moved (the change). */
export interface UnitChangePlanView {
  kind: 'merge' | 'split';
  /** The effective day and its moment (00:00 Asia/Ho_Chi_Minh, as an ISO 8601 instant in UTC). */
  effectiveOn: string;
  effectiveAt: string;
  reason: string;
  sources: Array<{ code: string; name: string }>;
  successors: Array<{ code: string; name: string; isNew: boolean }>;
  /** Open tasks whose lead unit changes; `assigneeCleared`: the assignee went elsewhere, the new unit's head assigns. */
  tasks: Array<{ id: string; code: string; title: string; fromUnitCode: string; toUnitCode: string; assigneeCleared: boolean }>;
  /** Open tasks on which a source coordinates, replaced by its successor. */
  coordinating: Array<{ id: string; code: string; title: string; fromUnitCode: string; toUnitCode: string }>;
  users: Array<{ id: string; username: string; fullName: string; fromUnitCode: string; toUnitCode: string }>;
  /** Completed and cancelled tasks the sources led: they stay with them, as the reports of their periods do. */
  closedTasksStaying: number;
  /**
   * Reporting obligations not ended that a source receives: their receiving unit moves to the successor (the merge's,
   * or the split's default one), with an entry in each one's history. Always sent by the API (optional in the type
   * only so that screens' fixtures written before it still compile).
   */
  obligationsReceived?: Array<{ id: string; code: string; name: string; fromUnitCode: string; toUnitCode: string }>;
}

/** The change as recorded: its plan, its id and when it was recorded. */
export interface UnitChangeView extends UnitChangePlanView {
  id: string;
  recordedAt: string;
}

/** `GET /api/units/:code/changes`: a merge or split the unit took part in, as recorded. */
export interface UnitChangeRecordView {
  id: string;
  kind: 'merge' | 'split';
  /** 00:00 of the effective day in Asia/Ho_Chi_Minh, as an ISO 8601 instant in UTC. */
  effectiveAt: string;
  reason: string;
  recordedAt: string;
  recordedBy: { username: string; fullName: string };
  /** Unit codes. */
  sources: string[];
  successors: string[];
  /** What moved: counts of tasks, coordinating references, users, and closed tasks that stayed. */
  summary: Record<string, number>;
}
