import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { NotificationView, Page } from '@tiendo/contracts';
import { firstValueFrom } from 'rxjs';
import { toQueryString } from './query-string';

@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  list(page = 1, pageSize = 20, unread?: boolean): Promise<Page<NotificationView> & { unread: number }> {
    return firstValueFrom(this.http.get<Page<NotificationView> & { unread: number }>(`/api/notifications${toQueryString({ page, pageSize, unread })}`));
  }
  markRead(id: string): Promise<NotificationView> {
    return firstValueFrom(this.http.post<NotificationView>(`/api/notifications/${id}/read`, {}));
  }
  markAllRead(): Promise<{ marked: number }> {
    return firstValueFrom(this.http.post<{ marked: number }>('/api/notifications/read-all', {}));
  }
  preferences(): Promise<{ emailNotifications: boolean }> {
    return firstValueFrom(this.http.get<{ emailNotifications: boolean }>('/api/notifications/preferences'));
  }
  setEmail(emailNotifications: boolean): Promise<{ emailNotifications: boolean }> {
    return firstValueFrom(this.http.put<{ emailNotifications: boolean }>('/api/notifications/preferences', { emailNotifications }));
  }
}
