import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ObligationHistoryEntryView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ObligationHistory } from './obligation-history';

@Component({ imports: [ObligationHistory], template: `<td-obligation-history obligationId="o1" />` })
class Host {}

const entries: ObligationHistoryEntryView[] = [
  {
    at: '2026-01-05T02:00:00Z',
    actor: { id: 'u1', fullName: 'Trần Văn Phòng' },
    action: 'created',
    changes: [
      { field: 'name', from: null, to: 'Báo cáo tình hình thuê bao' },
      { field: 'due', from: null, to: { kind: 'working_days_after_cutoff', days: 2 } },
      { field: 'reportingUnits.STTTT-HN', from: null, to: { fromDate: '2026-01-15', toDate: null } },
    ],
    note: null,
  },
  {
    at: '2026-11-20T03:30:00Z',
    actor: null,
    action: 'updated',
    changes: [
      { field: 'reportingUnits.STTTT-HG', from: { fromDate: '2026-01-15', toDate: null }, to: { fromDate: '2026-01-15', toDate: '2026-11-19' } },
      { field: 'template', from: null, to: { id: 'f1', name: 'mau-bao-cao.docx', size: 1200, sha256: 'x' } },
      { field: 'somethingNew', from: 1, to: 2 },
      { field: 'requests.2026-11-01..2026-11-19', from: null, to: { label: 'Báo cáo nhanh bão số 3', start: '2026-11-01', end: '2026-11-19', deadline: '2026-11-20', shortDeadline: false } },
    ],
    note: 'Sáp nhập STTTT-HG vào STTTT-TQ từ 20/11/2026 (Nghị quyết 202/2025/QH15)',
  },
];

describe('an obligation’s history', () => {
  it('newest first, each change in the form’s words with dates as dd/MM/yyyy, a merge’s note, and who did it', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    http.expectOne('/api/report-obligations/o1/history').flush(entries);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const items = [...el.querySelectorAll('li.entry')].map((li) => ({
      head: li.querySelector('strong')?.textContent?.trim(),
      note: li.querySelector('p')?.textContent?.trim() ?? null,
      changes: [...li.querySelectorAll('ul li')].map((c) => c.textContent?.trim()),
    }));
    expect(items).toEqual([
      {
        head: 'Sửa đổi',
        note: 'Sáp nhập STTTT-HG vào STTTT-TQ từ 20/11/2026 (Nghị quyết 202/2025/QH15)',
        changes: ['Đơn vị báo cáo STTTT-HG: báo cáo từ 15/01/2026 → báo cáo từ 15/01/2026 đến 19/11/2026', 'Mẫu báo cáo: — → mau-bao-cao.docx', 'somethingNew: 1 → 2', 'Yêu cầu báo cáo đột xuất, số liệu 01/11/2026 – 19/11/2026: — → Báo cáo nhanh bão số 3'],
      },
      {
        head: 'Tạo chế độ báo cáo',
        note: null,
        changes: ['Tên: — → Báo cáo tình hình thuê bao', 'Hạn gửi: — → Số ngày làm việc sau ngày chốt: 2', 'Đơn vị báo cáo STTTT-HN: không có trong danh sách → báo cáo từ 15/01/2026'],
      },
    ]);
    expect(el.querySelectorAll('li.entry .who')[0].textContent).toContain('Hệ thống');
    expect(el.querySelectorAll('li.entry .who')[1].textContent).toContain('Trần Văn Phòng · 05/01/2026 09:00');
    http.verify();
  });
});
