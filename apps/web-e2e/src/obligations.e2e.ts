import { expect, test } from '@playwright/test';
import { apiToken, expectAccessible, screenshot, signIn } from './support';

/**
 * Issue 11's screens of reporting obligations: the Ministry Office creates a monthly obligation for five provincial
 * departments with the unit picker, sees the next six periods with their due days and weekdays before saving, finds
 * it in the list with its next period, and opens that period's board.
 *
 * Not here (yet): two departments submitting and the reminder reaching the three others. A period's report tasks are
 * made only by the worker's daily run (ReportTaskGenerator, at the worker's start and at 00:05), which has already
 * run when this test creates its obligation, and the e2e server offers no way to run it again; see the README.
 */
const DEPARTMENTS = ['E2E-STTTT-HN', 'E2E-STTTT-HP', 'E2E-STTTT-DN', 'E2E-STTTT-HCM', 'E2E-STTTT-CT'];
const NAMES = ['Sở TT&TT Hà Nội (e2e)', 'Sở TT&TT Hải Phòng (e2e)', 'Sở TT&TT Đà Nẵng (e2e)', 'Sở TT&TT TP Hồ Chí Minh (e2e)', 'Sở TT&TT Cần Thơ (e2e)'];

test.describe('reporting obligations', { tag: '@once' }, () => {
  test.beforeAll(async ({ request }) => {
    const headers = { Authorization: `Bearer ${await apiToken(request, 'admin')}` };
    for (const [i, code] of DEPARTMENTS.entries()) {
      const res = await request.post('/api/units', { headers, data: { code, name: NAMES[i], kind: 'provincial_department', parentCode: 'BO' } });
      expect([201, 409]).toContain(res.status());
    }
  });

  test('the Ministry Office creates a monthly obligation for five provincial departments and opens the board of its next period', async ({ page }, info) => {
    await signIn(page, 'monitor');
    await page.goto('/che-do-bao-cao');
    await page.getByRole('link', { name: 'Thêm chế độ báo cáo' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Chế độ báo cáo mới' })).toBeVisible();

    await page.getByLabel('Mã *').fill('E2E-BC-THANG');
    await page.getByLabel('Tên chế độ báo cáo *').fill('Báo cáo tình hình phát triển thuê bao hằng tháng');
    await page.getByLabel('Căn cứ pháp lý').fill('Điều 12 Nghị định 09/2019/NĐ-CP');
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
    await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo tình hình phát triển thuê bao hằng tháng' })).toBeVisible();
    // Saved: the preview is now the API's, each period a link to its board.
    await expect(page.getByText('Theo lịch làm việc của hệ thống.')).toBeVisible();
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
});
