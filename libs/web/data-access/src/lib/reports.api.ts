import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { BriefingReport, DocumentProgress, KeyTasksOfUnit, RankingReport, TrendPoint } from '@tiendo/contracts';
import type { LocalDate } from '@tiendo/domain';
import { firstValueFrom } from 'rxjs';
import { toQueryString } from './query-string';

/** A month (`2020-06`) or a range of days, optionally one unit and its sub-units. */
export interface ReportPeriod {
  month?: string;
  from?: LocalDate;
  to?: LocalDate;
  unit?: string;
}

@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  briefing(period: ReportPeriod): Promise<BriefingReport> {
    return firstValueFrom(this.http.get<BriefingReport>(`/api/reports/briefing${toQueryString(period)}`));
  }
  trend(from: string, to: string, unit?: string): Promise<TrendPoint[]> {
    return firstValueFrom(this.http.get<TrendPoint[]>(`/api/reports/trend${toQueryString({ from, to, unit })}`));
  }
  ranking(period: ReportPeriod): Promise<RankingReport> {
    return firstValueFrom(this.http.get<RankingReport>(`/api/reports/ranking${toQueryString({ ...period, unit: undefined })}`));
  }
  documents(): Promise<DocumentProgress[]> {
    return firstValueFrom(this.http.get<DocumentProgress[]>('/api/reports/documents'));
  }
  keyTasks(month: string, unit?: string): Promise<KeyTasksOfUnit[]> {
    return firstValueFrom(this.http.get<KeyTasksOfUnit[]>(`/api/reports/key-tasks${toQueryString({ month, unit })}`));
  }
  exportUrl(period: ReportPeriod, format: 'xlsx' | 'docx'): string {
    return `/api/reports/briefing/export${toQueryString({ ...period, format })}`;
  }
}
