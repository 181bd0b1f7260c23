import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { BriefingReport, ComparedBriefingReport, DocumentProgress, KeyTasksOfUnit, RankingReport, ReportPreset, TrendPoint } from '@tiendo/contracts';
import type { LocalDate } from '@tiendo/domain';
import { firstValueFrom } from 'rxjs';
import { toQueryString } from './query-string';

/**
 * A month (`2020-06`), a preset period around a month (`preset: 'quarter', month: '2020-05'`) or a range of days,
 * optionally one unit and its sub-units, or (`scope: 'oversight'`) the units the signed-in leader oversees.
 */
export interface ReportPeriod {
  month?: string;
  preset?: ReportPreset;
  from?: LocalDate;
  to?: LocalDate;
  unit?: string;
  scope?: 'oversight';
}

@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  briefing(period: ReportPeriod): Promise<BriefingReport> {
    return firstValueFrom(this.http.get<BriefingReport>(`/api/reports/briefing${toQueryString(period)}`));
  }
  /** The briefing with the same period of the previous year beside it (`previousYear`). */
  comparedBriefing(period: ReportPeriod): Promise<ComparedBriefingReport> {
    return firstValueFrom(this.http.get<ComparedBriefingReport>(`/api/reports/briefing${toQueryString({ ...period, compare: 'previous-year' })}`));
  }
  trend(from: string, to: string, unit?: string, scope?: 'oversight'): Promise<TrendPoint[]> {
    return firstValueFrom(this.http.get<TrendPoint[]>(`/api/reports/trend${toQueryString({ from, to, unit, scope })}`));
  }
  ranking(period: ReportPeriod): Promise<RankingReport> {
    return firstValueFrom(this.http.get<RankingReport>(`/api/reports/ranking${toQueryString({ ...period, unit: undefined, scope: undefined })}`));
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
