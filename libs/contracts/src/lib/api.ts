import type { TaskStatus, LocalDate } from '@tiendo/domain';
import type { DocumentType, Role, TaskPriority, UnitKind } from './roles';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface LoginRequest {
  username: string;
  password: string;
}
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  active: boolean;
}

export interface UserView {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
  unitCode: string;
  unitName: string;
  active: boolean;
}

export interface SourceDocumentView {
  id: string;
  number: string;
  type: DocumentType;
  title: string;
  issuedOn: LocalDate | null;
  issuer: string | null;
}

export interface PersonRef {
  id: string;
  username: string;
  fullName: string;
}
export interface UnitRef {
  code: string;
  name: string;
}

export interface TaskView {
  id: string;
  code: string;
  title: string;
  description: string;
  sourceDocument: { id: string; number: string; title: string } | null;
  leadUnit: UnitRef;
  coordinatingUnits: UnitRef[];
  assignee: PersonRef | null;
  assignedBy: PersonRef;
  assignedOn: LocalDate;
  originalDeadline: LocalDate | null;
  /** The deadline in force now (after approved extensions). */
  deadline: LocalDate | null;
  priority: TaskPriority;
  isKeyTask: boolean;
  progressPercent: number;
  state: 'open' | 'completed' | 'cancelled';
  completedAt: string | null;
  completionResult: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** The status rule applied as of now. */
  status: TaskStatus;
  /** Open, not overdue, and due within three working days (sắp đến hạn). */
  dueSoon: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProgressNoteView {
  id: string;
  percent: number;
  note: string;
  author: PersonRef;
  createdAt: string;
}

export interface TaskDetailView extends TaskView {
  progressNotes: ProgressNoteView[];
  pendingExtension: ExtensionView | null;
}

export interface ExtensionView {
  id: string;
  state: 'pending' | 'approved' | 'rejected';
  kind: 'request' | 'correction';
  reason: string;
  previousDeadline: LocalDate | null;
  requestedDeadline: LocalDate | null;
  requestedBy: PersonRef;
  requestedAt: string;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface HistoryEntryView {
  id: string;
  at: string;
  actor: PersonRef | null;
  action: string;
  changes: { field: string; from: unknown; to: unknown }[];
  note: string | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
}
