import { expect, Page, test } from '@playwright/test';
import { addDays, formatPercent, percentOf, toLocalDate } from '@tiendo/domain';
import { apiToken, signIn } from './support';

/** The four figures of the dashboard as the page shows them. */
async function figures(page: Page, query: string) {
  await page.goto(`/tong-quan?${query}`);
  const figuresSection = page.getByTestId('figures');
  await expect(figuresSection).toBeVisible();
  const read = async (cls: string) => {
    const card = figuresSection.locator(`.figure.${cls}`);
    return { count: Number(await card.locator('.count').innerText()), percent: (await card.locator('.percent').innerText()).trim() };
  };
  return { total: (await read('total')).count, onTime: await read('completedOnTime'), onTrack: await read('inProgressOnTrack') };
}

test.describe('journeys', () => {
  test('a unit head assigns a task; the staff member sees it, updates progress, completes it; the dashboard moves', async ({ page }) => {
    const month = toLocalDate(new Date()).slice(0, 7);
    const title = `Báo cáo kiểm tra e2e ${Date.now()}`;
    await signIn(page, 'headVbc');
    const before = await figures(page, `month=${month}&unit=VBC`);

    await page.goto('/nhiem-vu/giao-moi');
    await page.getByLabel('Tên nhiệm vụ *').fill(title);
    // The searchable unit picker: type, Enter chooses the first match.
    await page.getByLabel('Đơn vị chủ trì *').fill('Bưu chính');
    await page.getByLabel('Đơn vị chủ trì *').press('Enter');
    await page.getByLabel('Người thực hiện').selectOption({ label: 'Phạm Thị Lan (Chuyên viên)' });
    await page.getByLabel('Hạn xử lý').fill(addDays(toLocalDate(new Date()), 10));
    // The weekday and the working days left are shown as the deadline is typed.
    await expect(page.locator('#a-deadline-facts')).toContainText(/Thứ|Chủ nhật/);
    await expect(page.locator('#a-deadline-facts')).toContainText('ngày làm việc');
    await page.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, 'staffVbc');
    await expect(page.getByRole('heading', { name: 'Việc của tôi' })).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row).toBeVisible();

    await row.getByRole('button', { name: /Cập nhật tiến độ/ }).click();
    const progress = page.getByRole('dialog', { name: 'Cập nhật tiến độ' });
    await progress.getByLabel('Tiến độ (%)').fill('60');
    await progress.getByLabel('Nội dung đã thực hiện').fill('Đã tổng hợp số liệu của các Bưu điện tỉnh');
    await progress.getByRole('button', { name: 'Lưu tiến độ' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã cập nhật tiến độ.' })).toBeVisible();
    await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '60');

    await row.getByRole('button', { name: /Báo cáo hoàn thành/ }).click();
    const complete = page.getByRole('dialog', { name: 'Báo cáo hoàn thành' });
    await complete.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    // The API's rule (a result is required) is checked in the form first.
    await expect(complete.getByText('Không được để trống.')).toBeVisible();
    await complete.getByLabel('Kết quả thực hiện').fill('Đã trình Lãnh đạo Bộ báo cáo số 123/BC-VBC');
    await complete.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã báo cáo hoàn thành.' })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(title) })).toHaveCount(0);
    await page.getByRole('button', { name: 'Đã hoàn thành' }).click();
    await expect(page.getByRole('row', { name: new RegExp(title) })).toContainText('Hoàn thành đúng hạn');

    const after = await figures(page, `month=${month}&unit=VBC`);
    expect(after.total).toBe(before.total + 1);
    expect(after.onTime.count).toBe(before.onTime.count + 1);
    expect(after.onTime.percent).toBe(formatPercent(percentOf(before.onTime.count + 1, before.total + 1)));
    expect(after.onTrack.percent).toBe(formatPercent(percentOf(before.onTrack.count, before.total + 1)));
  });

  test('the June 2020 briefing shows 96 tasks and 61,46%, and every count opens exactly its tasks', async ({ page }) => {
    await signIn(page, 'monitor');
    await page.goto('/giao-ban?month=2020-06');
    const sentence = page.getByTestId('briefing-sentence');
    await expect(sentence).toContainText('96 nhiệm vụ');
    await expect(sentence).toContainText('59/96');
    await expect(sentence).toContainText('61,46%');
    await expect(sentence).toContainText('5/96');
    await expect(sentence).toContainText('5,21%');
    await expect(sentence).toContainText('2/96');
    await expect(sentence).toContainText('2,08%');
    await expect(sentence).toContainText('30/96');
    await expect(sentence).toContainText('31,25%');
    // One row per unit, then the total once (a row of its own, so print does not repeat it as a subtotal).
    await expect(page.locator('table.lines tbody tr:not(.total)')).toHaveCount(12);
    await expect(page.locator('table.lines tbody tr.total')).toHaveCount(1);

    // The export carries the same figures: the file the browser receives is the API's .xlsx.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải Excel (.xlsx)' }).click();
    expect((await download).suggestedFilename()).toBe('giao-ban-2020-06-01-2020-06-30.xlsx');

    await page.goto('/tong-quan?month=2020-06');
    const onTime = page.getByTestId('figures').locator('.figure.completedOnTime');
    await expect(onTime).toContainText('59');
    await expect(onTime).toContainText('61,46%');
    await onTime.click();
    await expect(page).toHaveURL(/period=2020-06/);
    await expect(page.getByText('59 nhiệm vụ')).toBeVisible();

    // A unit's bar: its late segment opens exactly that unit's late tasks of the month.
    await page.goto('/tong-quan?month=2020-06');
    const vbc = page.getByRole('row', { name: /Vụ Bưu chính/ });
    await vbc.getByRole('link', { name: 'Hoàn thành quá hạn: 1 (12,50%)' }).click();
    await expect(page).toHaveURL(/unit=VBC/);
    await expect(page).toHaveURL(/category=completedLate/);
    await expect(page.getByText('1 nhiệm vụ', { exact: true })).toBeVisible();
    await expect(page.getByRole('row')).toHaveCount(2);
  });

  test('a bad import lists its row errors and writes nothing', async ({ page }) => {
    await signIn(page, 'monitor');
    await page.goto('/nhap-du-lieu');
    const csv = [
      'code,title,lead_unit,assignee,assigned_on,due_on,completed_on,source_document,key_task',
      'E2E-NHAP-01,Nhiệm vụ nhập thử đúng,VBC,,2026-01-05,2026-02-05,,,0',
      'E2E-NHAP-02,Nhiệm vụ nhập thử sai,KHONGCO,,31/02/2026,2026-03-01,,,2',
    ].join('\n');
    await page.getByLabel(/Chọn hoặc kéo thả tệp/).setInputFiles({ name: 'so-theo-doi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await expect(page.getByRole('alert')).toContainText('Chưa có dữ liệu nào được ghi');
    const errors = page.getByRole('table', { name: 'Các ô có lỗi' });
    await expect(errors.getByRole('row', { name: /3 Đơn vị chủ trì/ })).toBeVisible();
    await expect(errors.getByRole('row', { name: /3 Ngày giao/ })).toBeVisible();
    await expect(errors.getByRole('row', { name: /3 Nhiệm vụ trọng tâm/ })).toBeVisible();

    await page.goto('/nhiem-vu?q=E2E-NHAP');
    await expect(page.getByText('0 nhiệm vụ')).toBeVisible();
  });

  test('a staff member cannot reach another unit’s task by URL', async ({ page, request }) => {
    const monitor = await apiToken(request, 'monitor');
    const res = await request.get('/api/tasks?unit=CNTT&pageSize=1', { headers: { Authorization: `Bearer ${monitor}` } });
    const [other] = (await res.json()).items as Array<{ id: string; title: string }>;
    expect(other).toBeTruthy();

    await signIn(page, 'staffVbc');
    await page.goto(`/nhiem-vu/${other.id}`);
    await expect(page.getByText('Không tìm thấy nhiệm vụ, hoặc bạn không có quyền xem nhiệm vụ này.')).toBeVisible();
    await expect(page.getByText(other.title)).toHaveCount(0);
    // Nor through its history, whatever the page asks for.
    const staff = await apiToken(request, 'staffVbc');
    expect((await request.get(`/api/tasks/${other.id}/history`, { headers: { Authorization: `Bearer ${staff}` } })).status()).toBe(404);
  });
});
