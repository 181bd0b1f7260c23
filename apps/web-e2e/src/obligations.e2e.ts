import { Browser, expect, test } from '@playwright/test';
import { SET_CLOCK_BASE_URL, SET_CLOCK_START, SET_CLOCK_TODAY } from './set-clock';
import { apiToken, expectAccessible, screenshot, screenshotDir, signInWith } from './support';

/**
 * Issue 11's Done-when, in the browser: the Ministry Office creates a monthly obligation for five provincial
 * departments with the unit picker (the next six periods previewed with their due days and weekdays before saving),
 * starting six weeks back, so the worker (asked by the API at once) makes each department's report task of the
 * period whose due date has passed. Two departments submit it on the submit-a-report screen, signed in as their own
 * staff: one late, the other on time, its deadline having been extended first; the board shows one on time, one
 * late and three overdue, and its one click reminds the three, whose staff see the reminder among their
 * notifications, while the two who submitted do not. The office then confirms one report (its sender sees it) and
 * returns the other with a reason, which its sender reads on the screen before sending the report again.
 *
 * It runs against the e2e server on a set clock (set-clock.ts: Friday 20/11/2026, 09:00 in Hanoi; the browser's clock set
 * to the same instant), since on the real clock no period is overdue from the 1st to about the 16th of a month: the
 * worker makes only the periods due from the 1st of the current month. That server has no demo data: the Ministry
 * Office (its unit and its monitor), the ministry and the five departments are made here through the API as the admin.
 */
const DEPARTMENTS = ['E2E-STTTT-HN', 'E2E-STTTT-HP', 'E2E-STTTT-DN', 'E2E-STTTT-HCM', 'E2E-STTTT-CT'];
const NAMES = ['Sở TT&TT Hà Nội (e2e)', 'Sở TT&TT Hải Phòng (e2e)', 'Sở TT&TT Đà Nẵng (e2e)', 'Sở TT&TT TP Hồ Chí Minh (e2e)', 'Sở TT&TT Cần Thơ (e2e)'];
const OBLIGATION = 'Báo cáo tình hình phát triển thuê bao hằng tháng';
/** Each department's staff member, made by the test: username, password, full name. */
const STAFF = DEPARTMENTS.map((code, i) => ({ code, username: `chuyenvien.${code.toLowerCase()}`, password: 'Tq8-Wm3z-Lp5v-Hd2k', fullName: `Chuyên viên ${NAMES[i].replace(' (e2e)', '')}` }));
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

const TEMPLATE = 'Mẫu báo cáo thuê bao tháng.pdf';
const RETURN_REASON = 'Thiếu số liệu thuê bao trả trước của quận Lê Chân';

/** The Ministry Office's monitor on the set-clock server (made in beforeAll). */
const OFFICE = { username: 'vanphong.e2e', password: 'Vp-Kq7m-Zt4x-Rb2n', fullName: 'Chuyên viên Văn phòng Bộ (e2e)' };

/** Today in Vietnam on the set clock (YYYY-MM-DD), and a day some days from it. */
function vietnamToday(): string {
  return SET_CLOCK_TODAY;
}
function plusDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const ddmmyyyy = (day: string) => day.split('-').reverse().join('/');
/** The obligation starts six weeks back: at least one of its monthly periods is past its due date today. */
const STARTS_ON = plusDays(vietnamToday(), -42);

test.describe('reporting obligations', { tag: '@once' }, () => {
  test.use({ baseURL: SET_CLOCK_BASE_URL });
  test.beforeEach(async ({ page }) => {
    await page.clock.setFixedTime(new Date(SET_CLOCK_START));
  });

  test.beforeAll(async ({ request }) => {
    const headers = { Authorization: `Bearer ${await apiToken(request, 'admin')}` };
    // The ministry, its office and the office's monitor (the set-clock server has no demo data).
    for (const unit of [{ code: 'BO', name: 'Bộ Thông tin và Truyền thông', kind: 'ministry' }, { code: 'VP', name: 'Văn phòng Bộ', kind: 'department', parentCode: 'BO' }]) {
      const res = await request.post('/api/units', { headers, data: unit });
      expect([201, 409], await res.text()).toContain(res.status());
    }
    const monitor = await request.post('/api/users', { headers, data: { ...OFFICE, role: 'monitor', unitCode: 'VP' } });
    expect([201, 409], await monitor.text()).toContain(monitor.status());
    for (const [i, code] of DEPARTMENTS.entries()) {
      const res = await request.post('/api/units', { headers, data: { code, name: NAMES[i], kind: 'provincial_department', parentCode: 'BO' } });
      expect([201, 409]).toContain(res.status());
    }
    for (const s of STAFF) {
      const res = await request.post('/api/users', { headers, data: { username: s.username, fullName: s.fullName, password: s.password, role: 'staff', unitCode: s.code } });
      expect([201, 409], await res.text()).toContain(res.status());
    }
  });

  test('the Ministry Office creates a monthly obligation for five provincial departments and opens the board of its next period', async ({ page }, info) => {
    await signInWith(page, OFFICE.username, OFFICE.password);
    await page.goto('/che-do-bao-cao');
    await page.getByRole('link', { name: 'Thêm chế độ báo cáo' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Chế độ báo cáo mới' })).toBeVisible();

    await page.getByLabel('Mã *').fill('E2E-BC-THANG');
    await page.getByLabel('Tên chế độ báo cáo *').fill(OBLIGATION);
    await page.getByLabel('Căn cứ pháp lý').fill('Điều 12 Nghị định 09/2019/NĐ-CP');
    // Six weeks back: the period already due is reported too (late), as a unit that joins late reports its periods.
    await page.getByLabel('Áp dụng từ ngày *').fill(ddmmyyyy(STARTS_ON));
    // The decree's defaults are said beside the fields left empty.
    await expect(page.getByText('Để trống: ngày 14 (Điều 12 Nghị định 09/2019/NĐ-CP).')).toBeVisible();
    const receiving = page.getByRole('combobox', { name: 'Đơn vị nhận báo cáo *' });
    await receiving.fill('Văn phòng Bộ');
    await receiving.press('Enter');
    const reporting = page.getByRole('combobox', { name: 'Các đơn vị báo cáo' });
    for (const name of NAMES) {
      await reporting.fill(name);
      await reporting.press('Enter');
    }
    await reporting.press('Escape');
    await expect(page.getByRole('list', { name: 'Đơn vị đã chọn' }).getByRole('listitem')).toHaveText(NAMES.map((n) => new RegExp(n.replace(/[()&]/g, '\\$&'))));

    // The preview of an unsaved draft: six monthly periods cut off on the 14th, each due on a named weekday.
    const preview = page.getByTestId('periods-preview');
    const periods = preview.locator('tbody tr');
    await expect(periods).toHaveCount(6);
    await expect(periods.first()).toContainText(/Tháng \d+\/\d{4}/);
    await expect(periods.first()).toContainText(/14\/\d{2}\/\d{4}/);
    await expect(periods.first()).toContainText(/Thứ (Hai|Ba|Tư|Năm|Sáu)/);
    // Another cut-off day moves the preview at once.
    await page.getByLabel('Ngày chốt số liệu (trong tháng cuối kỳ)').fill('20');
    await expect(periods.first()).toContainText(/20\/\d{2}\/\d{4}/);
    await page.getByLabel('Ngày chốt số liệu (trong tháng cuối kỳ)').fill('');

    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await page.getByLabel('Tên chỉ tiêu *').fill('Số thuê bao di động');
    await page.getByLabel('Tên chỉ tiêu *').blur();
    await expect(page.getByLabel('Khoá')).toHaveValue('so_thue_bao_di_dong');
    await expectAccessible(page, 'obligation form');
    await screenshot(page, info, 'obligation-form');

    await page.getByRole('button', { name: 'Tạo chế độ báo cáo' }).click();
    await expect(page).toHaveURL(/\/che-do-bao-cao\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: OBLIGATION })).toBeVisible();
    // Saved: the preview is now the API's, each period a link to its board.
    await expect(page.getByText('Theo lịch làm việc của hệ thống.')).toBeVisible();
    // The form the departments fill: uploaded at once on the saved obligation's page.
    await page.locator('#ob-template-file').setInputFiles({ name: TEMPLATE, mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByRole('status').filter({ hasText: 'Đã lưu tệp mẫu.' })).toBeVisible();
    await expect(page.getByTestId('obligation-template')).toContainText(TEMPLATE);
    const firstPeriod = page.getByTestId('periods-preview').getByRole('link').first();
    const periodLabel = (await firstPeriod.textContent())?.trim() ?? '';

    await page.goto('/che-do-bao-cao');
    const row = page.getByRole('row', { name: /E2E-BC-THANG/ });
    await expect(row).toContainText('Hằng tháng');
    await expect(row).toContainText('5 đơn vị');
    await expect(row).toContainText(periodLabel);
    await row.getByRole('link', { name: periodLabel }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Tình hình gửi báo cáo ${periodLabel}` })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Tải Excel' })).toBeVisible();
    await expectAccessible(page, 'obligation board');
    await screenshot(page, info, 'obligation-board-journey');
  });

  test('two departments submit on the new screen (one late), the board shows it, and the reminder reaches the three others', async ({ browser, request, page }, info) => {
    test.setTimeout(240_000);
    const admin = { Authorization: `Bearer ${await apiToken(request, 'admin')}` };
    const office = { Authorization: `Bearer ${(await (await request.post('/api/auth/login', { data: { username: OFFICE.username, password: OFFICE.password } })).json()).accessToken}` };
    const today = vietnamToday();
    const obligation = (await (await request.get('/api/report-obligations?q=E2E-BC-THANG', { headers: office })).json()).items[0] as { id: string };
    // The period whose due date has passed (the latest of them), from the obligation's own schedule.
    const periods = (await (await request.get(`/api/report-obligations/${obligation.id}/periods?from=${STARTS_ON}&count=4`, { headers: office })).json()).items as Array<{ key: string; label: string; deadline: string }>;
    const period = periods.filter((p) => p.deadline < today).pop();
    if (!period) throw new Error(`no period of ${JSON.stringify(periods)} is due before ${today}`);

    // The worker makes the five report tasks within seconds of the obligation's creation (the API asks it at once).
    type Line = { unit: { code: string }; taskId: string; status: string };
    const boardUrl = `/api/report-obligations/${obligation.id}/periods/${encodeURIComponent(period.key)}/board`;
    let lines: Line[] = [];
    await expect
      .poll(async () => {
        const res = await request.get(boardUrl, { headers: office });
        lines = res.ok() ? (await res.json()).units : [];
        return lines.length;
      }, { timeout: 60_000, message: 'the five report tasks of the overdue period' })
      .toBe(5);
    const taskOf = (code: string) => lines.find((l) => l.unit.code === code)?.taskId ?? `no report task of ${code}`;

    // Each department's head gives the report to its staff member (here through the API, as the admin may).
    const users = await Promise.all(STAFF.map(async (s) => (await (await request.get(`/api/users?q=${s.username}`, { headers: admin })).json()).items[0] as { id: string }));
    for (const [i, s] of STAFF.entries()) {
      const task = await (await request.get(`/api/tasks/${taskOf(s.code)}`, { headers: admin })).json();
      const res = await request.patch(`/api/tasks/${task.id}`, { headers: admin, data: { version: task.version, assigneeId: users[i].id } });
      expect(res.status(), await res.text()).toBe(200);
    }
    // Hà Nội asked for a week more, and the Ministry Office agreed: its report is not late yet.
    const hn = STAFF[0];
    const hnToken = (await (await request.post('/api/auth/login', { data: { username: hn.username, password: hn.password } })).json()).accessToken as string;
    const extendedTo = plusDays(today, 7);
    const asked = await request.post(`/api/tasks/${taskOf(hn.code)}/extensions`, { headers: { Authorization: `Bearer ${hnToken}` }, data: { newDeadline: extendedTo, reason: 'Chờ số liệu của doanh nghiệp viễn thông' } });
    expect(asked.status(), await asked.text()).toBe(201);
    const decided = await request.post(`/api/tasks/${taskOf(hn.code)}/extensions/${(await asked.json()).id}/decision`, { headers: office, data: { approve: true } });
    expect(decided.ok(), await decided.text()).toBe(true);

    // Hà Nội's staff member: My tasks → "Gửi báo cáo" → the submit-a-report screen.
    await signInWith(page, hn.username, hn.password);
    await page.goto('/viec-cua-toi');
    const row = page.getByRole('row', { name: period.label });
    await row.getByRole('link', { name: /^Gửi báo cáo/ }).click();
    await expect(page).toHaveURL(new RegExp(`/nhiem-vu/${taskOf(hn.code)}/bao-cao$`));
    await expect(page.getByRole('heading', { level: 1, name: `Gửi báo cáo ${period.label}` })).toBeVisible();
    await expect(page.getByTestId('report-due')).toContainText(new RegExp(`(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), ${ddmmyyyy(period.deadline)}`));
    await expect(page.getByTestId('report-due')).toContainText(`Được gia hạn đến ${ddmmyyyy(extendedTo)}`);
    // The template the Ministry Office set, downloaded under its own name.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải mẫu báo cáo' }).click();
    expect((await download).suggestedFilename()).toBe(TEMPLATE);
    // Nothing sent without the file, nor with a figure that is no number: each said beside its field.
    await page.getByLabel('Số thuê bao di động *').fill('khoảng một triệu');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect(page.getByText('Hãy tải lên ít nhất một tệp báo cáo.')).toBeVisible();
    await expect(page.getByText('Phải là một số.')).toBeVisible();
    await expect(page.getByLabel('Số thuê bao di động *')).toHaveAttribute('aria-invalid', 'true');
    await page.locator('#rs-file').setInputFiles({ name: 'Báo cáo thuê bao Hà Nội.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByText('✓ Đã tải lên')).toBeVisible();
    await page.getByLabel('Số thuê bao di động *').fill('9.876.543');
    await expectAccessible(page, 'submit a report');
    await screenshot(page, info, 'report-submit-journey');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshotDir(info)}/report-submit-journey-phone.png`, fullPage: true });
    await expectAccessible(page, 'submit a report (phone)');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo.' })).toBeVisible();
    const sent = page.getByTestId('report-sent');
    await expect(sent).toContainText('Báo cáo thuê bao Hà Nội.pdf');
    await expect(sent).toContainText(/Số thuê bao di động\s*9\.876\.543/);
    await expect(page.getByRole('button', { name: 'Gửi báo cáo' })).toHaveCount(0);
    await screenshot(page, info, 'report-submitted-journey');

    // Hải Phòng's staff member, from the task page, after the due date: late.
    const hp = STAFF[1];
    const hpContext = await newContext(browser);
    const hpPage = await hpContext.newPage();
    await signInWith(hpPage, hp.username, hp.password);
    await hpPage.goto(`/nhiem-vu/${taskOf(hp.code)}`);
    await expect(hpPage.getByTestId('task-is-report')).toContainText(period.label);
    await hpPage.getByRole('link', { name: 'Gửi báo cáo' }).click();
    await expect(hpPage.getByRole('heading', { level: 1, name: `Gửi báo cáo ${period.label}` })).toBeVisible();
    await hpPage.locator('#rs-file').setInputFiles({ name: 'BC thuê bao Hải Phòng.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(hpPage.getByText('✓ Đã tải lên')).toBeVisible();
    await hpPage.getByLabel('Số thuê bao di động *').fill('2.345.678');
    await hpPage.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect(hpPage.getByRole('status').filter({ hasText: 'Đã gửi báo cáo.' })).toBeVisible();
    await hpContext.close();

    // The Ministry Office's board of the period: one on time, one late, three not sent and overdue; one click reminds them.
    const officePage = await (await newContext(browser)).newPage();
    await signInWith(officePage, OFFICE.username, OFFICE.password);
    await officePage.goto(`/che-do-bao-cao/${obligation.id}/ky/${encodeURIComponent(period.key)}`);
    const counts = officePage.getByRole('list', { name: 'Số đơn vị theo tình trạng' }).getByRole('listitem');
    await expect(counts).toHaveText(['1 Đã gửi đúng hạn', '1 Đã gửi quá hạn', '3 Chưa gửi, quá hạn', '0 Chưa gửi, chưa đến hạn', '5 Tổng số']);
    await expect(officePage.locator(`tr[data-unit="${hn.code}"]`)).toContainText('Báo cáo thuê bao Hà Nội.pdf');
    await expect(officePage.locator(`tr[data-unit="${hn.code}"]`)).toContainText(hn.fullName);
    await expect(officePage.locator(`tr[data-unit="${hp.code}"]`)).toContainText('Hoàn thành quá hạn');
    await officePage.getByRole('button', { name: 'Nhắc các đơn vị chưa gửi' }).click();
    await officePage.getByRole('alertdialog').getByRole('button', { name: 'Nhắc các đơn vị chưa gửi' }).click();
    await expect(officePage.getByTestId('reminded')).toContainText('Đã nhắc 3 đơn vị, 3 người.');
    // The office confirms Hà Nội's report and returns Hải Phòng's for redo, with its reason.
    const hnRow = officePage.locator(`tr[data-unit="${hn.code}"]`);
    await hnRow.getByRole('button', { name: 'Xác nhận' }).click();
    await officePage.getByRole('alertdialog').getByRole('button', { name: 'Xác nhận' }).click();
    await expect(hnRow).toContainText('Đã xác nhận');
    const hpRow = officePage.locator(`tr[data-unit="${hp.code}"]`);
    await hpRow.getByRole('button', { name: 'Trả lại' }).click();
    await hpRow.getByLabel('Lý do trả lại *').fill(RETURN_REASON);
    await hpRow.getByRole('button', { name: 'Trả lại để làm lại' }).click();
    await expect(officePage.getByRole('status').filter({ hasText: 'Đã trả lại báo cáo.' })).toBeVisible();
    await officePage.context().close();

    // Each of the three sees the reminder among their notifications; the two who submitted do not.
    const reminder = `Nhắc gửi báo cáo: ${OBLIGATION}`;
    for (const s of STAFF) {
      const context = await newContext(browser);
      const p = await context.newPage();
      await signInWith(p, s.username, s.password);
      await p.goto('/thong-bao');
      await expect(p.getByText(/thông báo chưa đọc|Chưa có thông báo/).first()).toBeVisible();
      if (s === hn || s === hp) await expect(p.getByText(reminder)).toHaveCount(0);
      else await expect(p.getByText(reminder).first()).toBeVisible();
      if (s === hn) {
        // What was sent, and that the Ministry Office confirmed it.
        await p.goto(`/nhiem-vu/${taskOf(hn.code)}/bao-cao`);
        await expect(p.getByTestId('report-confirmation')).toContainText('Đã được xác nhận');
      }
      if (s === hp) {
        // Returned: the reason, and the report sent again.
        await p.goto(`/nhiem-vu/${taskOf(hp.code)}/bao-cao`);
        await expect(p.getByTestId('report-returned')).toContainText(RETURN_REASON);
        await p.locator('#rs-file').setInputFiles({ name: 'BC thuê bao Hải Phòng (bổ sung).pdf', mimeType: 'application/pdf', buffer: PDF });
        await expect(p.getByText('✓ Đã tải lên')).toBeVisible();
        await p.getByLabel('Số thuê bao di động *').fill('2.345.999');
        await screenshot(p, info, 'report-returned-journey');
        await p.getByRole('button', { name: 'Gửi lại báo cáo' }).click();
        await expect(p.getByRole('status').filter({ hasText: 'Đã gửi báo cáo.' })).toBeVisible();
        await expect(p.getByTestId('report-sent')).toContainText('BC thuê bao Hải Phòng (bổ sung).pdf');
      }
      await context.close();
    }
  });
});

/** A browser context like the test's (the set-clock server and clock, language, time zone), for another person beside. */
async function newContext(browser: Browser) {
  const { locale, timezoneId } = test.info().project.use;
  const context = await browser.newContext({ baseURL: SET_CLOCK_BASE_URL, locale, timezoneId, viewport: { width: 1280, height: 900 } });
  await context.clock.setFixedTime(new Date(SET_CLOCK_START));
  return context;
}
