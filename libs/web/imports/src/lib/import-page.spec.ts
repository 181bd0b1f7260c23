import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideI18n } from '@tiendo/web-i18n';
import { ImportPage } from './import-page';

describe('ImportPage', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [ImportPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideI18n()],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
  });

  const render = async () => {
    const fixture = TestBed.createComponent(ImportPage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const input = el.querySelector('#register') as HTMLInputElement;
    const file = new File(['Mã nhiệm vụ,...'], 'so.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    const button = (text: string) => [...el.querySelectorAll('button')].find((b) => b.textContent?.includes(text)) as HTMLButtonElement;
    const settle = async () => {
      await fixture.whenStable();
      fixture.detectChanges();
    };
    return { fixture, el, button, settle };
  };

  it('checks first (a dry run), lists the documents it would create, and imports only once they are confirmed', async () => {
    const { el, button, settle } = await render();
    button('Kiểm tra tệp').click();
    const dryRun = http.expectOne('/api/tasks/import?dryRun=true');
    expect((dryRun.request.body as FormData).get('confirmedDocuments')).toBeNull();
    dryRun.flush({ created: 3, updated: 1, newDocuments: ['01/CT-BTTTT', '12/QĐ-BTTTT'] });
    await settle();
    expect(el.textContent).toContain('tạo 3 nhiệm vụ mới và cập nhật 1 nhiệm vụ');
    expect([...el.querySelectorAll('.documents li')].map((li) => li.textContent)).toEqual(['01/CT-BTTTT', '12/QĐ-BTTTT']);
    expect(button('Nhập vào hệ thống').disabled).toBe(true);

    const box = el.querySelector('input[type=checkbox]') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await settle();
    button('Nhập vào hệ thống').click();
    const save = http.expectOne('/api/tasks/import');
    expect(JSON.parse((save.request.body as FormData).get('confirmedDocuments') as string)).toEqual(['01/CT-BTTTT', '12/QĐ-BTTTT']);
    save.flush({ created: 3, updated: 1 });
    await settle();
    expect(el.querySelector('.notice')?.textContent).toContain('3 nhiệm vụ mới, 1 nhiệm vụ cập nhật');
    http.verify();
  });

  it('lists the tasks whose lead unit or deadline changes, says they hold from today, and corrects the past only when ticked', async () => {
    const { el, button, settle } = await render();
    const changes = { leadUnitChanges: [{ row: 2, code: 'SO-01', from: 'VBC', to: 'VP' }], deadlineChanges: [{ row: 3, code: 'SO-02', from: '2026-10-10', to: '2026-12-31' }] };
    button('Kiểm tra tệp').click();
    const dryRun = http.expectOne('/api/tasks/import?dryRun=true');
    expect((dryRun.request.body as FormData).get('correctsPast')).toBeNull();
    dryRun.flush({ created: 0, updated: 2, newDocuments: [], ...changes, correctsPast: false, notice: '…' });
    await settle();
    expect([...el.querySelectorAll('.documents li')].map((li) => li.textContent)).toEqual(['SO-01 (dòng 2): VBC → VP', 'SO-02 (dòng 3): 10/10/2026 → 31/12/2026']);
    expect(el.textContent).toContain('có hiệu lực từ hôm nay');

    const past = [...el.querySelectorAll('label')].find((l) => l.textContent?.includes('sửa cả quá khứ'))?.querySelector('input') as HTMLInputElement;
    past.checked = true;
    past.dispatchEvent(new Event('change'));
    const again = http.expectOne('/api/tasks/import?dryRun=true');
    expect((again.request.body as FormData).get('correctsPast')).toBe('true');
    again.flush({ created: 0, updated: 2, newDocuments: [], ...changes, correctsPast: true, notice: '…' });
    await settle();
    expect(el.textContent).toContain('báo cáo các kỳ đã qua sẽ thay đổi');
    button('Nhập vào hệ thống').click();
    const save = http.expectOne('/api/tasks/import');
    expect((save.request.body as FormData).get('correctsPast')).toBe('true');
    save.flush({ created: 0, updated: 2 });
    await settle();
    http.verify();
  });

  it('lists a refused file’s cells by row and Vietnamese column title', async () => {
    const { el, button, settle } = await render();
    button('Kiểm tra tệp').click();
    http.expectOne('/api/tasks/import?dryRun=true').flush(
      {
        statusCode: 413,
        code: 'IMPORT_TOO_LARGE',
        message: 'Tệp có hơn 50.000 dòng nhiệm vụ',
        correlationId: 'c',
        errors: [{ field: '(file)', row: 50002, column: '', rule: 'tooManyRows', message: 'Tệp có hơn 50.000 dòng nhiệm vụ; hãy chia thành nhiều tệp' }],
      },
      { status: 413, statusText: 'Payload Too Large' },
    );
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('vượt giới hạn');
    const cells = [...el.querySelectorAll('tbody td')].map((td) => td.textContent?.trim());
    expect(cells).toEqual(['50002', '(cả tệp)', 'Tệp có hơn 50.000 dòng nhiệm vụ; hãy chia thành nhiều tệp']);
  });
  it('shows a whole-file error (row 0 or none) as the whole file, never as "Dòng 0"', async () => {
    const { el, button, settle } = await render();
    button('Kiểm tra tệp').click();
    http.expectOne('/api/tasks/import?dryRun=true').flush(
      {
        statusCode: 422,
        code: 'IMPORT_INVALID',
        message: 'Không đọc được tệp',
        correlationId: 'c',
        errors: [
          { field: '(file)', row: 0, column: '', rule: 'notXlsx', message: 'Tệp không phải sổ Excel .xlsx hợp lệ' },
          { field: '(file)', column: '', rule: 'notUtf8', message: 'Tệp CSV phải được lưu dạng UTF-8' },
        ],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();
    const rows = [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()));
    expect(rows).toEqual([
      ['(cả tệp)', '(cả tệp)', 'Tệp không phải sổ Excel .xlsx hợp lệ'],
      ['(cả tệp)', '(cả tệp)', 'Tệp CSV phải được lưu dạng UTF-8'],
    ]);
    expect(el.querySelector('tbody')?.textContent).not.toMatch(/\b0\b/);
  });
});
