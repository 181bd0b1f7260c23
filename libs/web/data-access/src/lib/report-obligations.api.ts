import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  BoardLine,
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
  periods(id: string, from?: LocalDate, count?: number): Promise<ObligationPeriodsView> {
    return firstValueFrom(this.http.get<ObligationPeriodsView>(`${BASE}/${id}/periods${toQueryString({ from, count })}`));
  }
  board(id: string, periodKey: string): Promise<PeriodBoardView> {
    return firstValueFrom(this.http.get<PeriodBoardView>(`${period(id, periodKey)}/board`));
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
  submit(id: string, periodKey: string, body: SubmitReportRequest): Promise<unknown> {
    return firstValueFrom(this.http.post(`${period(id, periodKey)}/submissions`, body));
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
