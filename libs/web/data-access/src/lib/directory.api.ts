import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { HolidayView, LeaderOversightView, Page, Role, UnitChangePlanView, UnitChangeRecordView, UnitChangeView, UnitKind, UnitMergeRequest, UnitSplitRequest, UnitView, UserView, SignInMethod } from '@tiendo/contracts';
import { type HolidayChange, type LocalDate, WorkingCalendar } from '@tiendo/domain';
import { firstValueFrom } from 'rxjs';
import { toQueryString } from './query-string';

export interface UserQuery {
  unit?: string;
  role?: Role;
  q?: string;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

/** Units, users and holidays: read by everyone, changed by admins. */
@Injectable({ providedIn: 'root' })
export class DirectoryApi {
  private readonly http = inject(HttpClient);
  private unitsCache: Promise<UnitView[]> | null = null;
  private readableCache: Promise<UnitView[]> | null = null;

  /** The unit tree changes rarely: one request per page load, dropped when an admin changes it. */
  units(): Promise<UnitView[]> {
    this.unitsCache ??= firstValueFrom(this.http.get<UnitView[]>('/api/units')).catch((err) => {
      this.unitsCache = null;
      throw err;
    });
    return this.unitsCache;
  }
  /** The units the caller may choose in a picker (GET /api/units?scope=readable: a unit head or staff their subtree). */
  readableUnits(): Promise<UnitView[]> {
    this.readableCache ??= firstValueFrom(this.http.get<UnitView[]>('/api/units?scope=readable')).catch((err) => {
      this.readableCache = null;
      throw err;
    });
    return this.readableCache;
  }
  createUnit(body: { code: string; name: string; kind?: UnitKind; parentCode?: string }): Promise<UnitView> {
    this.unitsCache = this.readableCache = null;
    return firstValueFrom(this.http.post<UnitView>('/api/units', body));
  }
  updateUnit(code: string, body: { name?: string; kind?: UnitKind; parentCode?: string | null; active?: boolean }): Promise<UnitView> {
    this.unitsCache = this.readableCache = null;
    return firstValueFrom(this.http.patch<UnitView>(`/api/units/${encodeURIComponent(code)}`, body));
  }
  /**
   * A merge of units into a successor (`POST /api/units/merges`), or its preview (`/preview`: what would move, nothing
   * written). Admin only. A recorded change empties the unit caches (sources become inactive, a new successor appears).
   */
  mergeUnits(body: UnitMergeRequest, preview: boolean): Promise<UnitChangePlanView | UnitChangeView> {
    if (!preview) this.unitsCache = this.readableCache = null;
    return firstValueFrom(this.http.post<UnitChangePlanView | UnitChangeView>(`/api/units/merges${preview ? '/preview' : ''}`, body));
  }
  /** A split of a unit into successors (`POST /api/units/splits`), or its preview; as mergeUnits. */
  splitUnit(body: UnitSplitRequest, preview: boolean): Promise<UnitChangePlanView | UnitChangeView> {
    if (!preview) this.unitsCache = this.readableCache = null;
    return firstValueFrom(this.http.post<UnitChangePlanView | UnitChangeView>(`/api/units/splits${preview ? '/preview' : ''}`, body));
  }
  /** The merges and splits a unit took part in (`GET /api/units/:code/changes`, admin). */
  unitChanges(code: string): Promise<UnitChangeRecordView[]> {
    return firstValueFrom(this.http.get<UnitChangeRecordView[]>(`/api/units/${encodeURIComponent(code)}/changes`));
  }
  users(query: UserQuery): Promise<Page<UserView>> {
    return firstValueFrom(this.http.get<Page<UserView>>(`/api/users${toQueryString(query)}`));
  }
  /** The active people of a unit and its sub-units, for an assignee picker; none when the unit is not given or unreadable. */
  async peopleOf(unit: string): Promise<UserView[]> {
    if (!unit) return [];
    try {
      return (await this.users({ unit, active: true, pageSize: 200 })).items;
    } catch {
      return [];
    }
  }
  createUser(body: { username: string; fullName: string; password?: string; role: Role; unitCode: string; email?: string; signInMethod?: SignInMethod }): Promise<UserView> {
    return firstValueFrom(this.http.post<UserView>('/api/users', body));
  }
  /** The units a leader oversees (their default view on the dashboard and the briefing). */
  oversight(userId: string): Promise<LeaderOversightView> {
    return firstValueFrom(this.http.get<LeaderOversightView>(`/api/users/${userId}/oversight`));
  }
  setOversight(userId: string, unitCodes: string[]): Promise<LeaderOversightView> {
    return firstValueFrom(this.http.put<LeaderOversightView>(`/api/users/${userId}/oversight`, { unitCodes }));
  }
  updateUser(id: string, body: { fullName?: string; role?: Role; unitCode?: string; active?: boolean; email?: string | null; password?: string; signInMethod?: SignInMethod }): Promise<UserView> {
    return firstValueFrom(this.http.patch<UserView>(`/api/users/${id}`, body));
  }
  /** `GET /api/holidays?year=`: the days off of a year (the law's days with the admin's changes applied), by date. */
  holidays(year?: number): Promise<HolidayView[]> {
    return firstValueFrom(this.http.get<HolidayView[]>(`/api/holidays${toQueryString({ year })}`));
  }
  /**
   * `GET /api/holidays/changes[?year=]`: the admin's changes on top of the law, by date (`day_off` adds a day off;
   * `working_day` cancels a law's day on a weekday, makes a Saturday or Sunday worked).
   */
  holidayChanges(year?: number): Promise<HolidayChange[]> {
    return firstValueFrom(this.http.get<HolidayChange[]>(`/api/holidays/changes${toQueryString({ year })}`));
  }
  /**
   * The working calendar the server counts with: Vietnam's holidays by law for every year (libs/domain, Labour
   * Code 2019 art. 111-112) with every change of the admin on top, worked weekend days included. One request.
   */
  async workingCalendar(): Promise<WorkingCalendar> {
    return WorkingCalendar.vietnam(await this.holidayChanges());
  }
  /** `POST /api/holidays`: makes a day a day off (also a law's day the admin had made a working day). 409 HOLIDAY_TAKEN. */
  addHoliday(date: LocalDate, name: string): Promise<HolidayView> {
    return firstValueFrom(this.http.post<HolidayView>('/api/holidays', { date, name }));
  }
  /** `DELETE /api/holidays/:date`: an added day off is deleted; a law's day becomes a working day. 404 when not a day off. */
  removeHoliday(date: LocalDate): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/holidays/${encodeURIComponent(date)}`));
  }
  /** `POST /api/holidays/working-days`: a Saturday or Sunday worked (ngày làm bù). 400 other weekdays; 409 DUPLICATE. */
  addWorkingDay(date: LocalDate, name: string): Promise<HolidayView> {
    return firstValueFrom(this.http.post<HolidayView>('/api/holidays/working-days', { date, name }));
  }
  /** `DELETE /api/holidays/working-days/:date`: the worked weekend day is a day off again. 404 when it is not one. */
  removeWorkingDay(date: LocalDate): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/holidays/working-days/${encodeURIComponent(date)}`));
  }
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return firstValueFrom(this.http.post<void>('/api/auth/change-password', { currentPassword, newPassword }));
  }
}
