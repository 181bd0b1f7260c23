import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { openSignedIn, screenshot, signIn } from './support';

/** Lists a unit head hands on: export, print, the period's category, saved filters, the landing; staff's search. */
test.describe('lists that a unit head can hand on', () => {
  test('a unit head lands on their own unit: the dashboard and the task list filtered to it', async ({ page }, info) => {
    await signIn(page, 'headVbc');
    await expect(page).toHaveURL(/\/tong-quan\?unit=VBC/);
    // A phone folds the navigation behind its menu button.
    if (info.project.use.isMobile) await page.getByRole('button', { name: 'Danh mục' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Nhiệm vụ', exact: true }).click();
    await expect(page).toHaveURL(/\/nhiem-vu\?.*unit=VBC/);
  });

  test('the June 2020 overdue list shows both tasks overdue as of June, and exports to a workbook exceljs reads', async ({ page }, info) => {
    await openSignedIn(page, 'monitor', '/nhiem-vu?period=2020-06&category=inProgressOverdue');
    const rows = page.locator('table.data tbody tr');
    await expect(rows).toHaveCount(2);
    // A phone shows each row as a card, its labels beside the values instead of a header row.
    if (!info.project.use.isMobile) await expect(page.getByRole('columnheader', { name: 'Nhóm cuối kỳ' })).toBeVisible();
    await expect(page.locator('td.period-category')).toHaveText(['Đang thực hiện quá hạn', 'Đang thực hiện quá hạn']);
    await screenshot(page, info, 'list-period-category');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^danh-sach-nhiem-vu-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path()) as string) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    // Index = row number (getSheetValues is sparse: Array.from fills its holes).
    const values = Array.from(sheet.getSheetValues() as unknown[][], (r) => (r ?? []).slice(1));
    const headerIndex = values.findIndex((r) => r[0] === 'Mã');
    const filter = Object.fromEntries(values.slice(0, headerIndex).filter((r) => r.length >= 2).map((r) => [r[0], r[1]]));
    expect(filter['Kỳ báo cáo']).toBe('tháng 06/2020');
    expect(filter['Nhóm']).toBe('Đang thực hiện quá hạn');
    const header = values[headerIndex] as string[];
    const deadline = sheet.getCell(headerIndex + 1, header.indexOf('Hạn xử lý') + 1);
    expect(deadline.value).toBeInstanceOf(Date);
    expect(deadline.numFmt).toBe('dd/mm/yyyy');
    expect(values.slice(headerIndex + 1).filter((r) => r.length)).toHaveLength(2);
    expect(sheet.getCell(headerIndex + 1, header.indexOf('Nhóm cuối kỳ') + 1).value).toBe('Đang thực hiện quá hạn');
  });

  test('printing shows the list with its filter as the heading, without navigation or filters', async ({ page }, info) => {
    await openSignedIn(page, 'monitor', '/nhiem-vu?unit=VBC&status=in_progress_overdue,in_progress_on_track');
    await expect(page.locator('table.data tbody tr').first()).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Xuất Excel' })).toBeHidden();
    await expect(page.getByRole('search')).toBeHidden();
    const heading = page.locator('.print-head');
    await expect(heading).toBeVisible();
    await expect(heading).toContainText('Vụ Bưu chính');
    await expect(heading).toContainText('Đang thực hiện trong hạn');
    await expect(heading).toContainText(/In ngày \d{2}\/\d{2}\/\d{4}/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await screenshot(page, info, 'list-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('one filter reads and counts the same on screen, in print and in the .xlsx', async ({ page }) => {
    await signIn(page, 'monitor');
    // Unit + status + a deadline range: 3 conditions everywhere (the screen said 4, the file 3), and the unit with its
    // sub-units in the print as in the file (the list includes them unless includeSubunits=false).
    await page.goto('/nhiem-vu?unit=VBC&status=in_progress_overdue,in_progress_on_track&deadlineFrom=2020-01-01&deadlineTo=2030-12-31');
    await expect(page.locator('table.data tbody tr').first()).toBeVisible();
    await expect(page.locator('td-filter-panel summary')).toHaveText('Bộ lọc (3 đang dùng)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path()) as string) as unknown as ArrayBuffer);
    const values = Array.from(wb.worksheets[0].getSheetValues() as unknown[][], (r) => (r ?? []).slice(1));
    const headerIndex = values.findIndex((r) => r[0] === 'Mã');
    const fileLines = values.slice(0, headerIndex).filter((r) => r.length >= 2 && r[0] !== 'Xuất lúc' && r[0] !== 'Số nhiệm vụ').map((r) => `${r[0]}: ${r[1]}`);
    expect(fileLines[0]).toBe('Bộ lọc: 3 điều kiện');
    expect(fileLines).toContain('Đơn vị chủ trì: Vụ Bưu chính (gồm cả đơn vị trực thuộc)');
    await page.emulateMedia({ media: 'print' });
    const printed = await page.locator('.print-head dl').evaluate((dl) => {
      const out: string[] = [];
      dl.querySelectorAll('dt').forEach((dt) => out.push(`${dt.textContent?.trim()}: ${dt.nextElementSibling?.textContent?.trim()}`));
      return out;
    });
    await page.emulateMedia({ media: 'screen' });
    expect(printed).toEqual(fileLines);
    expect(printed).toEqual(['Bộ lọc: 3 điều kiện', 'Đơn vị chủ trì: Vụ Bưu chính (gồm cả đơn vị trực thuộc)', 'Tình trạng hiện nay: Đang thực hiện quá hạn; Đang thực hiện trong hạn', 'Hạn xử lý: từ ngày 01/01/2020 đến ngày 31/12/2030']);
  });

  test('a saved filter is offered on the list, applied and deleted after confirmation', async ({ page }, info) => {
    const name = `Quá hạn của Vụ (${info.project.name})`;
    await openSignedIn(page, 'headVbc', '/nhiem-vu?unit=VBC&status=in_progress_overdue');
    await page.getByText('Bộ lọc đã lưu').click();
    await page.getByLabel('Tên bộ lọc').fill(name);
    await page.getByRole('button', { name: 'Lưu bộ lọc' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Đã lưu bộ lọc "${name}"` })).toBeVisible();
    await screenshot(page, info, 'list-saved-filters');

    await page.goto('/nhiem-vu');
    await page.getByText('Bộ lọc đã lưu').click();
    await page.getByRole('button', { name: `Áp dụng: ${name}` }).click();
    await expect(page).toHaveURL(/status=in_progress_overdue/);
    await expect(page).toHaveURL(/unit=VBC/);

    await page.getByText('Bộ lọc đã lưu').click();
    await page.getByRole('button', { name: `Xoá: ${name}` }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText(name);
    await confirm.getByRole('button', { name: 'Xoá' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Đã xoá bộ lọc "${name}"` })).toBeVisible();
    await expect(page.getByRole('button', { name: `Áp dụng: ${name}` })).toHaveCount(0);
  });

  test('staff search their own tasks', async ({ page }, info) => {
    await openSignedIn(page, 'staffVbc', '/viec-cua-toi');
    const rows = page.locator('table.data tbody tr');
    await expect(rows.first()).toBeVisible();
    const firstCode = (await rows.first().locator('td').first().innerText()).trim();
    await page.getByLabel('Tìm trong nhiệm vụ của tôi').fill(firstCode);
    await page.getByLabel('Tìm trong nhiệm vụ của tôi').press('Enter');
    // Every row left is the one searched for (the others go once the search has answered).
    await expect(rows.filter({ hasNotText: firstCode })).toHaveCount(0);
    await expect(rows.first().locator('td').first()).toContainText(firstCode);
    await screenshot(page, info, 'my-tasks-search');
    await page.getByLabel('Tìm trong nhiệm vụ của tôi').fill('không có nhiệm vụ nào như thế này');
    await page.getByLabel('Tìm trong nhiệm vụ của tôi').press('Enter');
    await expect(rows).toHaveCount(0);
  });
});
