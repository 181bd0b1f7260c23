import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MappingRuleView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { MappingRulesAdminPage } from './mapping-rules-admin-page';

const URL = '/quan-tri/dang-nhap-thu-muc';
const UNITS = [
  { id: 'u1', code: 'BO', name: 'Bộ', kind: 'ministry', parentCode: null, active: true },
  { id: 'u2', code: 'VP', name: 'Văn phòng Bộ', kind: 'department', parentCode: 'BO', active: true },
];
const RULES: MappingRuleView[] = [
  { id: 'r1', position: 1, source: 'group', attribute: null, value: 'leaders', unitCode: null, unitName: null, role: 'leader' },
  { id: 'r2', position: 2, source: 'group', attribute: null, value: 'cn=vp-staff,ou=groups,dc=bo', unitCode: 'VP', unitName: 'Văn phòng Bộ', role: null },
];

describe('the directory mapping rules page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: URL.slice(1), component: MappingRulesAdminPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function open() {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(URL, MappingRulesAdminPage);
    http.expectOne('/api/units').flush(UNITS);
    http.expectOne('/api/directory/mapping-rules').flush(RULES);
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const page = harness.routeDebugElement?.componentInstance as { save(): Promise<void>; move(index: number, step: -1 | 1): Promise<void> };
    return { harness, el, page };
  }

  it('lists the rules in order with what each gives', async () => {
    const { el } = await open();
    const rows = [...el.querySelectorAll('tbody tr')].map((tr) => tr.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows[0]).toContain('leaders');
    expect(rows[1]).toContain('Văn phòng Bộ');
  });

  it('moves a rule down by sending every id in the new order', async () => {
    const { page } = await open();
    const moving = page.move(0, 1);
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === '/api/directory/mapping-rules/order');
    expect(put.request.body).toEqual({ ids: ['r2', 'r1'] });
    put.flush([{ ...RULES[1], position: 1 }, { ...RULES[0], position: 2 }]);
    await moving;
  });

  it('puts the API’s reason beside the field it concerns', async () => {
    const { harness, el, page } = await open();
    const value = el.querySelector<HTMLInputElement>('#r-value') as HTMLInputElement;
    value.value = 'x';
    value.dispatchEvent(new Event('input'));
    const saving = page.save();
    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/directory/mapping-rules');
    expect(post.request.body).toEqual({ source: 'group', attribute: null, value: 'x', unitCode: null, role: null });
    post.flush(
      { code: 'VALIDATION_FAILED', message: 'Dữ liệu chưa hợp lệ', errors: [{ field: 'unitCode', rule: 'MAPPING_RULE_EMPTY', message: 'Quy tắc phải gán đơn vị, vai trò, hoặc cả hai' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await saving;
    harness.detectChanges();
    expect(el.querySelector('#r-unit-error')?.textContent).toContain('Quy tắc phải gán đơn vị, vai trò, hoặc cả hai');
  });
});
