import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  BulkExtensionDecisionRequest,
  BulkReassignRequest,
  BulkResult,
  CreateTaskRequest,
  ExtensionView,
  HistoryEntryView,
  Page,
  ProgressNoteView,
  SourceDocumentView,
  TaskDetailView,
  TaskListFilters,
  TaskView,
  UpdateTaskRequest,
} from '@tiendo/contracts';
import type { LocalDate } from '@tiendo/domain';
import { firstValueFrom } from 'rxjs';
import { toQueryString } from './query-string';

/** Tasks and their actions (/api/tasks), and source documents. Every call resolves or rejects with the API's error. */
@Injectable({ providedIn: 'root' })
export class TasksApi {
  private readonly http = inject(HttpClient);

  list(filters: TaskListFilters): Promise<Page<TaskView>> {
    return firstValueFrom(this.http.get<Page<TaskView>>(`/api/tasks${toQueryString(filters)}`));
  }
  get(id: string): Promise<TaskDetailView> {
    return firstValueFrom(this.http.get<TaskDetailView>(`/api/tasks/${encodeURIComponent(id)}`));
  }
  history(id: string): Promise<HistoryEntryView[]> {
    return firstValueFrom(this.http.get<HistoryEntryView[]>(`/api/tasks/${encodeURIComponent(id)}/history`));
  }
  extensions(id: string): Promise<ExtensionView[]> {
    return firstValueFrom(this.http.get<ExtensionView[]>(`/api/tasks/${encodeURIComponent(id)}/extensions`));
  }
  /** With `parentTaskId`: a sub-task (a unit head splits a task; the deadline no later than the parent's). */
  create(body: CreateTaskRequest & { parentTaskId?: string }): Promise<TaskView> {
    return firstValueFrom(this.http.post<TaskView>('/api/tasks', body));
  }
  update(id: string, body: UpdateTaskRequest): Promise<TaskView> {
    return firstValueFrom(this.http.patch<TaskView>(`/api/tasks/${id}`, body));
  }
  /** `attachmentIds`: files already uploaded to the task, shown with the note. */
  progress(id: string, version: number, percent: number, note: string, attachmentIds?: string[]): Promise<ProgressNoteView> {
    return firstValueFrom(this.http.post<ProgressNoteView>(`/api/tasks/${id}/progress`, { version, percent, note, ...(attachmentIds?.length ? { attachmentIds } : {}) }));
  }
  /**
   * `attachmentIds`: files already uploaded to the task, the evidence of completion (a unit may require one:
   * 422 with the API's reason). `openSubTasks`: what to do with the sub-tasks still open (else 422 SUBTASKS_OPEN).
   */
  complete(id: string, version: number, result: string, extra: { attachmentIds?: string[]; openSubTasks?: 'complete' | 'cancel' } = {}): Promise<TaskView> {
    const body = { version, result, ...(extra.attachmentIds?.length ? { attachmentIds: extra.attachmentIds } : {}), ...(extra.openSubTasks ? { openSubTasks: extra.openSubTasks } : {}) };
    return firstValueFrom(this.http.post<TaskView>(`/api/tasks/${id}/complete`, body));
  }
  /** return | reopen | cancel: a manager's decision with its reason. */
  decide(id: string, action: 'return' | 'reopen' | 'cancel', version: number, reason: string): Promise<TaskView> {
    return firstValueFrom(this.http.post<TaskView>(`/api/tasks/${id}/${action}`, { version, reason }));
  }
  requestExtension(id: string, newDeadline: LocalDate, reason: string): Promise<ExtensionView> {
    return firstValueFrom(this.http.post<ExtensionView>(`/api/tasks/${id}/extensions`, { newDeadline, reason }));
  }
  decideExtension(id: string, extensionId: string, approve: boolean, note?: string): Promise<ExtensionView> {
    return firstValueFrom(this.http.post<ExtensionView>(`/api/tasks/${id}/extensions/${extensionId}/decision`, note ? { approve, note } : { approve }));
  }
  /** Hands several tasks to one person; each task succeeds or fails on its own (`results`). */
  bulkReassign(body: BulkReassignRequest): Promise<BulkResult> {
    return firstValueFrom(this.http.post<BulkResult>('/api/tasks/bulk/reassign', body));
  }
  /** Approves or rejects several pending extension requests with one note; per-task results. */
  bulkDecideExtensions(body: BulkExtensionDecisionRequest): Promise<BulkResult> {
    return firstValueFrom(this.http.post<BulkResult>('/api/tasks/bulk/extension-decisions', body));
  }
  documents(q?: string, page = 1, pageSize = 50): Promise<Page<SourceDocumentView>> {
    return firstValueFrom(this.http.get<Page<SourceDocumentView>>(`/api/source-documents${toQueryString({ q, page, pageSize })}`));
  }
  document(id: string): Promise<SourceDocumentView> {
    return firstValueFrom(this.http.get<SourceDocumentView>(`/api/source-documents/${encodeURIComponent(id)}`));
  }
  createDocument(body: Omit<SourceDocumentView, 'id' | 'issuedOn' | 'issuer'> & { issuedOn?: LocalDate; issuer?: string }): Promise<SourceDocumentView> {
    return firstValueFrom(this.http.post<SourceDocumentView>('/api/source-documents', body));
  }
}
