import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Page, TaskView } from '@tiendo/contracts';
import { apiError, Session } from '@tiendo/web-data-access';
import { firstValueFrom } from 'rxjs';

const STATUS_LABEL: Record<TaskView['status'], string> = {
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  in_progress_overdue: 'Đang thực hiện quá hạn',
  in_progress_on_track: 'Đang thực hiện trong hạn',
  no_deadline: 'Thường xuyên',
  cancelled: 'Đã huỷ',
};

const ROLE_LABEL: Record<string, string> = {
  admin: 'Quản trị hệ thống',
  leader: 'Lãnh đạo Bộ',
  monitor: 'Văn phòng Bộ (theo dõi, đôn đốc)',
  unit_head: 'Lãnh đạo đơn vị',
  staff: 'Chuyên viên',
};

/** The landing page after sign-in: who I am, and the open tasks assigned to me. */
@Component({
  selector: 'app-home-page',
  imports: [DatePipe],
  templateUrl: './home-page.html',
  styleUrl: './home-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  protected readonly session = inject(Session);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  protected readonly tasks = signal<Page<TaskView> | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly statusLabel = STATUS_LABEL;
  protected readonly roleLabel = ROLE_LABEL;

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const open = 'in_progress_overdue,in_progress_on_track,no_deadline';
      this.tasks.set(await firstValueFrom(this.http.get<Page<TaskView>>(`/api/tasks?assignee=me&status=${open}&sort=deadline&pageSize=50`)));
    } catch (err) {
      this.error.set(apiError(err).message);
    }
  }

  protected async signOut(): Promise<void> {
    await this.session.signOut();
    await this.router.navigateByUrl('/dang-nhap');
  }
}
