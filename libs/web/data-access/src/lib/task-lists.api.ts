import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SavedFilterView, TaskListFilters } from '@tiendo/contracts';
import { firstValueFrom } from 'rxjs';
import { downloadFile } from './download';
import { toQueryString } from './query-string';

/**
 * What a list page does with its list beyond showing it: the .xlsx export of the list as filtered, and the user's
 * saved filters (/api/me/saved-filters). Every call resolves or rejects with the API's error.
 */
@Injectable({ providedIn: 'root' })
export class TaskListsApi {
  private readonly http = inject(HttpClient);

  /** Downloads the filtered list as .xlsx (all its pages: page and pageSize are left out). 422 EXPORT_TOO_LARGE. */
  async exportXlsx(filters: TaskListFilters): Promise<void> {
    const { page: _page, pageSize: _size, ...rest } = filters;
    try {
      await downloadFile(this.http, `/api/tasks/export.xlsx${toQueryString(rest)}`, 'danh-sach-nhiem-vu.xlsx');
    } catch (err) {
      // A file request's error body arrives as a Blob: read it back into the API's error, so `apiError` knows its code.
      if (err instanceof HttpErrorResponse && err.error instanceof Blob) {
        let body: unknown = null;
        try {
          body = JSON.parse(await err.error.text());
        } catch {
          // Not the API's JSON (a proxy's page): the status alone.
        }
        throw new HttpErrorResponse({ error: body, status: err.status, statusText: err.statusText, url: err.url ?? undefined });
      }
      throw err;
    }
  }

  savedFilters(): Promise<SavedFilterView[]> {
    return firstValueFrom(this.http.get<SavedFilterView[]>('/api/me/saved-filters'));
  }
  /** `query`: the list's query string (without "?"). 409 SAVED_FILTER_NAME_TAKEN, 400 SAVED_FILTER_INVALID. */
  saveFilter(name: string, query: string): Promise<SavedFilterView> {
    return firstValueFrom(this.http.post<SavedFilterView>('/api/me/saved-filters', { name, query }));
  }
  deleteFilter(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/me/saved-filters/${encodeURIComponent(id)}`));
  }
}
