import { HttpClient, HttpEvent } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type { AttachmentView, CommentView, NotificationPreferences, Page, SubTaskView, TimelineEntryView, WatchersView } from '@tiendo/contracts';
import { firstValueFrom, Observable } from 'rxjs';
import { downloadFile } from './download';
import { toQueryString } from './query-string';

const task = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

/**
 * Work on one task (libs/contracts work.ts): its timeline and comments, its files, its sub-tasks and who follows it;
 * the caller's notification preferences; the count of extension requests waiting for the caller. Every call
 * resolves or rejects with the API's error body (read it with `apiError`).
 */
@Injectable({ providedIn: 'root' })
export class WorkApi {
  private readonly http = inject(HttpClient);

  /** `GET /api/tasks/:id/timeline`: comments, progress notes, files and history, newest first, one page. */
  timeline(taskId: string, page = 1, pageSize = 20): Promise<Page<TimelineEntryView>> {
    return firstValueFrom(this.http.get<Page<TimelineEntryView>>(`${task(taskId)}/timeline${toQueryString({ page, pageSize })}`));
  }
  /** `POST /api/tasks/:id/comments`: 422 with a field error on `body` when a mention names someone who may not read the task. */
  addComment(taskId: string, body: string, attachmentIds?: string[]): Promise<CommentView> {
    return firstValueFrom(this.http.post<CommentView>(`${task(taskId)}/comments`, attachmentIds?.length ? { body, attachmentIds } : { body }));
  }
  /** `PATCH /api/tasks/:id/comments/:commentId`: the author, within 15 minutes of posting. */
  editComment(taskId: string, commentId: string, body: string): Promise<CommentView> {
    return firstValueFrom(this.http.patch<CommentView>(`${task(taskId)}/comments/${encodeURIComponent(commentId)}`, { body }));
  }
  /** `DELETE /api/tasks/:id/comments/:commentId`: the author or an admin; the comment stays in the history. */
  deleteComment(taskId: string, commentId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${task(taskId)}/comments/${encodeURIComponent(commentId)}`));
  }

  /** `GET /api/tasks/:id/attachments`: the task's files (its own, and those of its reports, notes and comments). */
  attachments(taskId: string): Promise<AttachmentView[]> {
    return firstValueFrom(this.http.get<AttachmentView[] | Page<AttachmentView>>(`${task(taskId)}/attachments`)).then((r) => (Array.isArray(r) ? r : r.items));
  }
  /** `POST /api/tasks/:id/attachments` (multipart field `file`), with upload progress events. 413/415/422 with the API's reason. */
  upload(taskId: string, file: File): Observable<HttpEvent<AttachmentView>> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<AttachmentView>(`${task(taskId)}/attachments`, body, { reportProgress: true, observe: 'events' });
  }
  /** The address of a file's bytes (`GET /api/tasks/:id/attachments/:attachmentId`); 404 for whoever may not read the task. */
  attachmentUrl(taskId: string, attachmentId: string): string {
    return `${task(taskId)}/attachments/${encodeURIComponent(attachmentId)}`;
  }
  /** Saves a file under its own (Vietnamese) name: fetched with the bearer token, which a plain link cannot carry. */
  download(taskId: string, file: AttachmentView): Promise<void> {
    return downloadFile(this.http, this.attachmentUrl(taskId, file.id), file.name);
  }
  deleteAttachment(taskId: string, attachmentId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(this.attachmentUrl(taskId, attachmentId)));
  }

  /** `GET /api/tasks/:id/sub-tasks`. */
  subTasks(taskId: string): Promise<SubTaskView[]> {
    return firstValueFrom(this.http.get<SubTaskView[] | Page<SubTaskView>>(`${task(taskId)}/sub-tasks`)).then((r) => (Array.isArray(r) ? r : r.items));
  }

  /** `GET /api/tasks/:id/watchers`. */
  watchers(taskId: string): Promise<WatchersView> {
    return firstValueFrom(this.http.get<WatchersView>(`${task(taskId)}/watchers`));
  }
  /** `PUT|DELETE /api/tasks/:id/watchers/me`: follow or stop following (also a default follower may stop). */
  follow(taskId: string, on: boolean): Promise<WatchersView> {
    const url = `${task(taskId)}/watchers/me`;
    return firstValueFrom(on ? this.http.put<WatchersView>(url, {}) : this.http.delete<WatchersView>(url));
  }

  /** `GET /api/me/notification-preferences`: one delivery per event kind. */
  preferences(): Promise<NotificationPreferences> {
    return firstValueFrom(this.http.get<NotificationPreferences>('/api/me/notification-preferences'));
  }
  setPreferences(preferences: Partial<NotificationPreferences['preferences']>): Promise<NotificationPreferences> {
    return firstValueFrom(this.http.put<NotificationPreferences>('/api/me/notification-preferences', { preferences }));
  }

  /** Bumped after the user decides extension requests, so that the menu's pending count is read again (shell.ts). */
  readonly pendingExtensionsVersion = signal(0);
  pendingExtensionsChanged(): void {
    this.pendingExtensionsVersion.update((v) => v + 1);
  }

  /** `GET /api/tasks/pending-extensions/count`: extension requests the caller may decide, waiting. */
  pendingExtensionsCount(): Promise<number> {
    return firstValueFrom(this.http.get<{ count: number }>('/api/tasks/pending-extensions/count')).then((r) => r.count);
  }
}
