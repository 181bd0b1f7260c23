import { expect, Page, test } from '@playwright/test';
import { apiToken, expectAccessible, openSignedIn } from './support';

/**
 * Dates are typed and read as dd/MM/yyyy whatever the browser's language (issue "The web app for everyday use"):
 * the same journeys with an English browser and a Vietnamese one. 08/02/2027 is the third day of Tết 2027 (the lunar
 * new year falls on Saturday 06/02/2027), so the same deadline also shows the day-off note and its offer.
 */
for (const locale of ['en-US', 'vi-VN'] as const) {
  test.describe(`dates with a ${locale} browser`, () => {
    test.use({ locale, viewport: { width: 1366, height: 900 } });
    // Two cores are shared by several browser runs: sign-ins and builds of other suites slow pages down.
    test.describe.configure({ timeout: 90_000 });

    test('a deadline typed as 08/02/2027 is stored as 2027-02-08 and shown as 08/02/2027; the extension dialog speaks dd/MM/yyyy', async ({ page, request }) => {
      const title = `Hạn gõ tay ${locale} ${Date.now()}`;
      await openSignedIn(page, 'headVbc', '/nhiem-vu/giao-moi');
      await page.getByLabel('Tên nhiệm vụ *').fill(title);
      const unit = page.getByLabel('Đơn vị chủ trì *');
      if ((await unit.evaluate((el) => el.tagName)) === 'SELECT') await unit.selectOption('VBC');
      else {
        // The searchable unit picker: type, Enter chooses the first match.
        await unit.pressSequentially('Bưu chính');
        await unit.press('Enter');
      }
      await page.getByLabel('Người thực hiện').selectOption({ label: 'Phạm Thị Lan (Chuyên viên)' });
      const deadline = page.getByLabel('Hạn xử lý');
      await deadline.pressSequentially('08/02/2027');
      await deadline.press('Tab');
      await expect(deadline).toHaveValue('08/02/2027');
      // A day off is named, with the working day before offered (here left as typed).
      const note = page.locator('#a-deadline-day-off');
      await expect(note).toContainText('08/02/2027 là ngày nghỉ: Tết Nguyên Đán');
      await expect(note.getByRole('button')).toHaveText('Chọn ngày làm việc trước đó: Thứ Năm, 04/02/2027');
      await page.screenshot({ path: `docs/screenshots/dates-assign-day-off-${locale}-1366.png` });
      await page.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

      const id = /\/nhiem-vu\/([^/?]+)/.exec(page.url())?.[1];
      const token = await apiToken(request, 'headVbc');
      const stored = await request.get(`/api/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(stored.ok()).toBe(true);
      expect((await stored.json()).deadline).toBe('2027-02-08');
      await expect(page.locator('dd').filter({ hasText: '08/02/2027' }).first()).toBeVisible();

      // The assignee asks for more time: the current deadline and the one typed read the same way.
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await openSignedIn(page, 'staffVbc', `/nhiem-vu/${id}`);
      await page.getByRole('button', { name: 'Xin gia hạn' }).click();
      const dialog = page.getByRole('dialog', { name: 'Đề nghị gia hạn' });
      await expect(dialog).toContainText('Hạn hiện tại: 08/02/2027');
      const asked = dialog.getByLabel('Hạn đề nghị');
      // The new deadline is after the current one: a day before it is refused by the field itself, before anything is
      // sent, and a day off outside the limit offers no working day (it offered "Thứ Ba, 31/12/2019").
      await asked.fill('01/01/2020');
      await expect(dialog.locator('#action-deadline-range-error')).toHaveText('Chọn ngày từ 09/02/2027 trở đi.');
      await expect(dialog.locator('#action-deadline-day-off')).toContainText('01/01/2020 là ngày nghỉ: Tết Dương lịch');
      await expect(dialog.locator('#action-deadline-day-off').getByRole('button')).toHaveCount(0);
      await asked.fill('1/3/2027');
      await asked.press('Tab');
      await expect(asked).toHaveValue('01/03/2027');
      // The calendar: Vietnamese month name, weekdays from Monday, the day chosen read out as a Vietnamese date.
      await dialog.getByRole('button', { name: 'Mở lịch' }).click();
      const calendar = page.locator('mat-calendar.td-date-panel');
      await expect(calendar.getByRole('button', { name: 'Chọn tháng và năm' })).toHaveText(/Tháng Ba 2027/i);
      await expect(calendar.getByRole('columnheader').first()).toHaveAccessibleName('Thứ Hai');
      await expect(calendar.getByRole('button', { name: 'Thứ Hai, 01/03/2027' })).toHaveAttribute('aria-pressed', 'true');
      await page.screenshot({ path: `docs/screenshots/dates-extension-calendar-${locale}-1366.png` });
      // Keyboard only: the chosen day has focus; the arrow moves a day, Enter takes it.
      await expect(calendar.getByRole('button', { name: 'Thứ Hai, 01/03/2027' })).toBeFocused();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await expect(asked).toHaveValue('02/03/2027');
      await expect(calendar).toHaveCount(0);
      // The mouse too: the calendar opens inside the modal dialog, so it is not inert.
      await dialog.getByRole('button', { name: 'Mở lịch' }).click();
      await calendar.getByRole('button', { name: 'Thứ Sáu, 05/03/2027' }).click();
      await expect(asked).toHaveValue('05/03/2027');
      await expectAccessible(page, `extension dialog (${locale})`);
    });

    test('a day that does not exist is refused in Vietnamese; one click takes the working day before a holiday', async ({ page }) => {
      await openSignedIn(page, 'headVbc', '/nhiem-vu/giao-moi');
      const deadline = page.getByLabel('Hạn xử lý');
      await deadline.fill('31/02/2027');
      await expect(page.getByRole('alert').filter({ hasText: '31/02/2027 không phải là một ngày có thật' })).toContainText('dd/MM/yyyy');
      await expect(deadline).toHaveAttribute('aria-invalid', 'true');
      // Quốc khánh 2027 falls on a Thursday: 02/09 and 03/09 are off, Wednesday 01/09 is offered.
      await deadline.fill('3/9/2027');
      await expect(page.getByRole('alert')).toHaveCount(0);
      const note = page.locator('#a-deadline-day-off');
      await expect(note).toContainText('03/09/2027 là ngày nghỉ: Quốc khánh');
      await note.getByRole('button', { name: 'Chọn ngày làm việc trước đó: Thứ Tư, 01/09/2027' }).click();
      await expect(deadline).toHaveValue('01/09/2027');
      await expect(note).toHaveCount(0);
      // The form took it (the weekday line reads the form's value).
      await expect(page.locator('#a-deadline-facts')).toContainText('Thứ Tư');
      // A Sunday is named as such; the calendar marks days off.
      await deadline.fill('05/09/2027');
      await expect(note).toContainText('05/09/2027 là ngày nghỉ: Chủ nhật');
      await page.locator('td-date-field:has(#a-deadline)').getByRole('button', { name: 'Mở lịch' }).click();
      const dayOff = page.locator('.td-date-panel .td-day-off');
      await expect(page.locator('.td-date-panel').getByRole('button', { name: 'Thứ Năm, 02/09/2027' })).toHaveClass(/td-day-off/);
      await expect(page.locator('.td-date-panel').getByRole('button', { name: 'Thứ Tư, 01/09/2027' })).not.toHaveClass(/td-day-off/);
      await expect.poll(() => dayOff.count()).toBeGreaterThanOrEqual(10); // 8 weekend days + 02/09 + 03/09
      // The open calendar is a named dialog whose buttons' names contain their visible text (axe: aria-dialog-name,
      // label-content-name-mismatch): a day reads "2, Thứ Năm, 02/09/2027", the period button its month first.
      await expect(page.getByRole('dialog', { name: 'Chọn ngày' })).toBeVisible();
      // A day off's cell says so to a screen reader too, with its name (not only the red mark).
      await expect(page.locator('.td-date-panel').getByRole('button', { name: '2, Thứ Năm, 02/09/2027, ngày nghỉ: Quốc khánh', exact: true })).toBeVisible();
      await expect(page.locator('.td-date-panel').getByRole('button', { name: '5, Chủ Nhật, 05/09/2027, ngày nghỉ: Chủ nhật', exact: true })).toBeVisible();
      await expect(page.locator('.td-date-panel').getByRole('button', { name: '1, Thứ Tư, 01/09/2027', exact: true })).toBeVisible();
      await expectAccessible(page, 'open calendar');
      // The mouse: a click on a day writes it as dd/MM/yyyy.
      await page.locator('.td-date-panel').getByRole('button', { name: 'Thứ Tư, 15/09/2027' }).click();
      await expect(deadline).toHaveValue('15/09/2027');
      await expect(note).toHaveCount(0);
    });

    test('a filter date and the briefing month read dd/MM/yyyy and MM/yyyy', async ({ page }) => {
      await openSignedIn(page, 'monitor', '/nhiem-vu');
      const from = page.getByLabel('Hạn từ ngày');
      await from.fill('01/06/2020');
      await page.getByLabel('Hạn đến ngày').fill('30/06/2020');
      await page.getByLabel('Hạn đến ngày').press('Enter');
      await expect(page).toHaveURL(/deadlineFrom=2020-06-01/);
      await expect(page).toHaveURL(/deadlineTo=2020-06-30/);
      await page.reload();
      await expect(page.getByLabel('Hạn từ ngày')).toHaveValue('01/06/2020');

      await page.goto('/giao-ban');
      const month = page.getByLabel('Tháng báo cáo');
      await month.fill('');
      await page.locator('td-month-field').getByRole('button', { name: 'Mở lịch' }).click();
      const panel = page.locator('.td-date-panel');
      await panel.getByRole('button', { name: '2020', exact: true }).click();
      // The months read "Tháng 1"…"Tháng 12" and are named "Tháng 6 năm 2020": the visible text in the name (axe
      // label-content-name-mismatch failed on "THG 6" named "Tháng Sáu 2020").
      await expect(panel.getByRole('button', { name: 'Tháng 6 năm 2020', exact: true })).toHaveText(/Tháng 6/i);
      await expectAccessible(page, `briefing's month calendar (${locale})`);
      await panel.getByRole('button', { name: 'Tháng 6 năm 2020', exact: true }).click();
      await expect(month).toHaveValue('06/2020');
      await page.getByRole('button', { name: 'Xem', exact: true }).click();
      await expect(page).toHaveURL(/month=2020-06/);
      await expect(page.getByTestId('briefing-sentence')).toContainText('96 nhiệm vụ');
      await expect(month).toHaveValue('06/2020');
      // Typed, in any browser (no <input type="month">).
      await month.fill('5/2020');
      await page.getByRole('button', { name: 'Xem', exact: true }).click();
      await expect(page).toHaveURL(/month=2020-05/);
      await expectAccessible(page, `briefing (${locale})`);
      // The dashboard's month field: the years, then the months, each checked by axe while open.
      await page.goto('/tong-quan');
      await page.locator('td-month-field').getByRole('button', { name: 'Mở lịch' }).click();
      const dashboardPanel = page.locator('.td-date-panel');
      await expect(dashboardPanel.getByRole('button', { name: '2020', exact: true })).toBeVisible();
      await expectAccessible(page, `dashboard's year calendar (${locale})`);
      await dashboardPanel.getByRole('button', { name: '2020', exact: true }).click();
      await expect(dashboardPanel.getByRole('button', { name: 'Tháng 1 năm 2020', exact: true })).toBeVisible();
      await expectAccessible(page, `dashboard's month calendar (${locale})`);
      await page.keyboard.press('Escape');
      if (locale === 'en-US') {
        await page.screenshot({ path: 'docs/screenshots/dates-briefing-month-1366.png' });
        await phone(page, '/nhiem-vu/giao-moi', 'Hạn xử lý', '08/02/2027', 'docs/screenshots/dates-assign-390.png');
      }
    });
  });
}

test('a day off the admin adds (typed dd/MM/yyyy) is named in the deadline fields', { tag: '@once' }, async ({ page }) => {
  // It changes the calendar every later test reads: once, on the desktop project (as work-on-task.e2e.ts does).
  test.setTimeout(90_000);
  const name = `Nghỉ thử e2e ${Date.now()}`;
  await openSignedIn(page, 'admin', '/quan-tri/ngay-nghi');
  await page.locator('#h-date').fill('21/12/2026');
  await page.locator('#h-name').fill(name);
  await page.locator('#day-off-form').getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  await expect(page.locator('#h-date')).toHaveValue('');
  await page.goto('/nhiem-vu/giao-moi');
  await page.getByLabel('Hạn xử lý').fill('21/12/2026');
  await expect(page.locator('#a-deadline-day-off')).toContainText(`21/12/2026 là ngày nghỉ: ${name}`);
  await expect(page.locator('#a-deadline-day-off').getByRole('button')).toHaveText('Chọn ngày làm việc trước đó: Thứ Sáu, 18/12/2026');
});

test('the calendar is not in the first download: it comes with the screens that use it', async ({ page }) => {
  const bodies: Promise<string>[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) bodies.push(r.text());
  });
  const loaded = async () => (await Promise.all(bodies)).some((js) => js.includes('mat-calendar-body'));
  await page.goto('/dang-nhap');
  await expect(page.getByLabel('Tên đăng nhập')).toBeVisible();
  expect(await loaded()).toBe(false);
  await openSignedIn(page, 'headVbc', '/nhiem-vu/giao-moi');
  await expect(page.getByRole('button', { name: 'Mở lịch' })).toBeVisible();
  expect(await loaded()).toBe(true);
});

/** The field at 390 px: typed, the calendar opened, both within the phone's width. */
async function phone(page: Page, path: string, label: string, text: string, file: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(path);
  const field = page.getByLabel(label);
  await field.fill(text);
  const box = await page.locator(`td-date-field:has(#${await field.getAttribute('id')})`).boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  await page.locator(`td-date-field:has(#${await field.getAttribute('id')})`).getByRole('button', { name: 'Mở lịch' }).click();
  const calendar = page.locator('mat-calendar.td-date-panel');
  await expect(calendar).toBeVisible();
  const cal = await calendar.boundingBox();
  expect((cal?.x ?? 0) + (cal?.width ?? 0)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: file });
}
