import { HttpClient, HttpEventType } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AdHocPeriodView,
  AdHocReportRequest,
  BoardLine,
  BoardQuery,
  ObligationHistoryEntryView,
  ObligationPeriodsView,
  Page,
  PeriodBoardView,
  RemindersResult,
  ReportObligationListItem,
  ReportObligationRequest,
  ReportObligationUpdate,
  ReportObligationView,
  ReportStatisticsView,
  SubmitReportRequest,
  TaskReportView,
} from '@tiendo/contracts';
import type { LocalDate } from '@tiendo/domain';
import { firstValueFrom } from 'rxjs';
import { downloadFile } from './download';
import { toQueryString } from './query-string';

const BASE = '/api/report-obligations';
const period = (id: string, key: string) => `${BASE}/${id}/periods/${encodeURIComponent(key)}`;

/**
 * The reporting obligations (chế độ báo cáo, Decree 09/2019/NĐ-CP) and their reports: `/api/report-obligations`
 * (README "Reporting obligations"). Errors are the API's one format (400 with field errors, 403, 404, 409
 * VERSION_CONFLICT, 422), read with `apiError`.
 */
@Injectable({ providedIn: 'root' })
export class ReportObligationsApi {
  private readonly http = inject(HttpClient);

  /** `GET /api/report-obligations?q=&page=&pageSize=`: those the caller may read, paged. */
  list(q?: string, page = 1, pageSize = 50): Promise<Page<ReportObligationListItem>> {
    return firstValueFrom(this.http.get<Page<ReportObligationListItem>>(`${BASE}${toQueryString({ q: q || undefined, page, pageSize })}`));
  }
  get(id: string): Promise<ReportObligationView> {
    return firstValueFrom(this.http.get<ReportObligationView>(`${BASE}/${id}`));
  }
  create(body: ReportObligationRequest): Promise<ReportObligationView> {
    return firstValueFrom(this.http.post<ReportObligationView>(BASE, body));
  }
  /** `PATCH /:id` with the version read (409 VERSION_CONFLICT when it changed since). */
  update(id: string, body: ReportObligationUpdate): Promise<ReportObligationView> {
    return firstValueFrom(this.http.patch<ReportObligationView>(`${BASE}/${id}`, body));
  }
  /** `POST /:id/end`: periods whose cut-off is after `endsOn` are not reported. */
  end(id: string, endsOn: LocalDate): Promise<ReportObligationView> {
    return firstValueFrom(this.http.post<ReportObligationView>(`${BASE}/${id}/end`, { endsOn }));
  }
  /** `GET /:id/periods?from=&count=` (default: six from today). */
  /** The obligation's history, oldest first (whoever reads the obligation). */
  history(id: string): Promise<ObligationHistoryEntryView[]> {
    return firstValueFrom(this.http.get<ObligationHistoryEntryView[]>(`/api/report-obligations/${id}/history`));
  }
  periods(id: string, from?: LocalDate, count?: number): Promise<ObligationPeriodsView> {
    return firstValueFrom(this.http.get<ObligationPeriodsView>(`${BASE}/${id}/periods${toQueryString({ from, count })}`));
  }
  /**
   * `POST /:id/requests`: an ad hoc report (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c)) asked of every unit
   * listed today; 201 with the period (key '<start>..<end>', who asked and when). 400 VALIDATION_FAILED naming `label`,
   * `end` (DAY_RANGE_REVERSED) or `deadline` (reportDueAfterCutOff, deadlineBeforeMonth); 403 for a reader who does
   * not manage it; 409 DUPLICATE on `end` for the same data window twice; 422 INVALID_STATE when not ad hoc or not in force.
   */
  requestAdHoc(id: string, body: AdHocReportRequest): Promise<AdHocPeriodView> {
    return firstValueFrom(this.http.post<AdHocPeriodView>(`${BASE}/${id}/requests`, body));
  }
  /**
   * `GET /:id/periods/:periodKey/board?page=&pageSize=&status=&q=`: one page of the board (default page 1 of 100
   * lines), of one cell or all, of the units whose code or name holds `q`; the counts are the whole period's.
   */
  board(id: string, periodKey: string, query: BoardQuery = {}): Promise<PeriodBoardView> {
    const { page, pageSize, status, q } = query;
    return firstValueFrom(this.http.get<PeriodBoardView>(`${period(id, periodKey)}/board${toQueryString({ page, pageSize, status, q: q?.trim() || undefined })}`));
  }
  downloadBoard(id: string, periodKey: string): Promise<void> {
    return downloadFile(this.http, `${period(id, periodKey)}/board.xlsx`, `bang-theo-doi-${periodKey}.xlsx`);
  }
  downloadSubmissionFile(id: string, periodKey: string, unitCode: string, fileId: string, name: string): Promise<void> {
    return downloadFile(this.http, `${period(id, periodKey)}/submissions/${encodeURIComponent(unitCode)}/files/${fileId}`, name);
  }
  remind(id: string, periodKey: string): Promise<RemindersResult> {
    return firstValueFrom(this.http.post<RemindersResult>(`${period(id, periodKey)}/reminders`, {}));
  }
  /**
   * `POST /:id/periods/:periodKey/submissions`: completes the unit's report task with the files already uploaded to it
   * and the figures. 201 with the unit's board line; 400 VALIDATION_FAILED with `figures.<key>` or `attachmentIds`
   * field errors; 403/404/409/422 as the task's completion.
   */
  submit(id: string, periodKey: string, body: SubmitReportRequest): Promise<BoardLine> {
    return firstValueFrom(this.http.post<BoardLine>(`${period(id, periodKey)}/submissions`, body));
  }
  /** `GET /report-tasks/:taskId`: the report a task is; 404 for a task that is none (or that the caller may not read). */
  reportOfTask(taskId: string): Promise<TaskReportView> {
    return firstValueFrom(this.http.get<TaskReportView>(`${BASE}/report-tasks/${encodeURIComponent(taskId)}`));
  }
  /** `GET /:id/template`: the obligation's template file, saved under its own name. */
  downloadTemplate(id: string, name: string): Promise<void> {
    return downloadFile(this.http, `${BASE}/${id}/template`, name);
  }
  /**
   * `PUT /:id/template` (multipart field `file`): sets or replaces the template; `progress` hears the upload's percent.
   * Resolves to the obligation (`templateFileId`, `template`); 413/415/422 with the API's reason, as a task's file.
   */
  uploadTemplate(id: string, file: File, progress: (percent: number) => void = () => undefined): Promise<ReportObligationView> {
    const body = new FormData();
    body.append('file', file, file.name);
    return new Promise((resolve, reject) => {
      this.http.put<ReportObligationView>(`${BASE}/${id}/template`, body, { reportProgress: true, observe: 'events' }).subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) progress(event.total ? Math.round((event.loaded / event.total) * 100) : 0);
          if (event.type === HttpEventType.Response) resolve(event.body as ReportObligationView);
        },
        error: reject,
      });
    });
  }
  /** `DELETE /:id/template`: the obligation no longer offers a template. */
  deleteTemplate(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${BASE}/${id}/template`));
  }
  confirm(id: string, periodKey: string, unitCode: string): Promise<BoardLine> {
    return firstValueFrom(this.http.post<BoardLine>(`${period(id, periodKey)}/submissions/${encodeURIComponent(unitCode)}/confirmation`, {}));
  }
  returnForRedo(id: string, periodKey: string, unitCode: string, reason: string, version?: number): Promise<BoardLine> {
    return firstValueFrom(this.http.post<BoardLine>(`${period(id, periodKey)}/submissions/${encodeURIComponent(unitCode)}/return`, { reason, version }));
  }
  statistics(year: number): Promise<ReportStatisticsView> {
    return firstValueFrom(this.http.get<ReportStatisticsView>(`${BASE}/statistics${toQueryString({ year })}`));
  }
}

/**
 * Whether a task may be a report of an obligation, periodic or ad hoc (its unit submits it at
 * `/nhiem-vu/:id/bao-cao`): the worker's generator describes every report task so ("Báo cáo định kỳ theo chế độ báo
 * cáo …", "Báo cáo đột xuất theo chế độ báo cáo …": libs/server/report-obligations report-task-generator.ts). A hint
 * for the lists, which cannot ask the API about every row; the report screen and the task page ask the API
 * (`GET /api/report-obligations/report-tasks/:taskId`), which alone decides.
 */
export function mayBeReportTask(task: { description?: string | null }): boolean {
  return REPORT_TASK_DESCRIPTION.test(task.description ?? '');
}
const REPORT_TASK_DESCRIPTION = /^Báo cáo (định kỳ|đột xuất) theo chế độ báo cáo /;
