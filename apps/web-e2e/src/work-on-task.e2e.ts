import { Browser, expect, Page, test } from '@playwright/test';
import { addDays, toLocalDate } from '@tiendo/domain';
import { readFile } from 'node:fs/promises';
import { apiToken, expectAccessible, signIn, Who } from './support';

/** A small real PDF (the API checks the type by content): its bytes must come back unchanged. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const FILE_NAME = 'Báo cáo kết quả thực hiện.pdf';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The unread count the bell announces. */
async function unread(page: Page): Promise<number> {
  const label = (await page.getByRole('link', { name: /^Thông báo: \d+ chưa đọc$/ }).getAttribute('aria-label')) ?? '';
  return Number(/(\d+)/.exec(label)?.[1] ?? NaN);
}

/** A second person's session beside the first: a context of its own with the project's settings (address, language, time zone). */
async function signedIn(browser: Browser, who: Who): Promise<Page> {
  const { baseURL, locale, timezoneId, viewport } = test.info().project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId, viewport, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

test.describe('work happens on the task', () => {
  test('completion reported with a PDF reaches the unit head live; the head downloads it and mentions the staff member, who is notified; another unit gets not found', { tag: '@once' }, async ({ browser, request }) => {
    // The journey changes data and opens several people's sessions side by side: once, on the desktop project.
    test.setTimeout(180_000);
    // A fresh task of Vụ Bưu chính for Phạm Thị Lan, assigned through the API (the assigning screen has its own journey).
    const head = await apiToken(request, 'headVbc');
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const staffUser = (await (await request.get('/api/users?q=chuyenvien.vbc', { headers: auth(head) })).json()).items[0];
    const title = `Tổng hợp báo cáo bưu chính công ích e2e ${Date.now()}`;
    const created = await request.post('/api/tasks', {
      headers: auth(head),
      data: { title, leadUnitCode: 'VBC', assigneeId: staffUser.id, deadline: addDays(toLocalDate(new Date()), 10) },
    });
    expect(created.status()).toBe(201);
    const taskId = (await created.json()).id as string;

    const headPage = await signedIn(browser, 'headVbc');
    await headPage.goto('/viec-cua-toi');
    await expect(headPage.getByRole('link', { name: /^Thông báo: \d+ chưa đọc$/ })).toBeVisible();
    const headUnreadBefore = await unread(headPage);

    // The staff member reports completion with the PDF as evidence: uploaded first (progress, then stored), then sent.
    const staffPage = await signedIn(browser, 'staffVbc');
    await staffPage.goto(`/nhiem-vu/${taskId}`);
    await expect(staffPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await staffPage.locator('.page-head .actions').getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    const dialog = staffPage.getByRole('dialog', { name: 'Báo cáo hoàn thành' });
    await expect(dialog.getByText(/Tối đa \d+ MB mỗi tệp/)).toBeVisible();
    await dialog.locator('#action-file').setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: PDF });
    await expect(dialog.getByText('Đã tải lên')).toBeVisible();
    await dialog.getByLabel('Kết quả thực hiện').fill('Đã trình Lãnh đạo Bộ báo cáo, bản ký kèm theo.');
    await dialog.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await expect(staffPage.getByRole('status').filter({ hasText: 'Đã báo cáo hoàn thành.' })).toBeVisible();
    const staffUnreadBefore = await unread(staffPage);

    // The head's bell moves without a reload; the notification opens the task.
    await expect.poll(() => unread(headPage), { timeout: 60_000 }).toBeGreaterThan(headUnreadBefore);
    await headPage.getByRole('link', { name: /^Thông báo: \d+ chưa đọc$/ }).click();
    const item = headPage.locator('.item.unread').filter({ hasText: title }).first();
    await expect(item).toBeVisible();
    await item.getByRole('button').first().click();
    await expect(headPage).toHaveURL(new RegExp(`/nhiem-vu/${taskId}$`));
    await expect(headPage.getByRole('heading', { level: 1, name: title })).toBeVisible();

    // The same bytes come back, under the Vietnamese name.
    const files = headPage.getByRole('region', { name: 'Tệp đính kèm' });
    const downloading = headPage.waitForEvent('download');
    await files.getByRole('link', { name: FILE_NAME }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(FILE_NAME);
    expect(Buffer.compare(await readFile(await download.path()), PDF)).toBe(0);
    const fileUrl = await files.getByRole('link', { name: FILE_NAME }).getAttribute('href');
    expect(fileUrl).toMatch(new RegExp(`^/api/tasks/${taskId}/attachments/[0-9a-f-]{36}$`));

    // A comment that mentions the staff member, picked from the suggestions with the keyboard.
    const box = headPage.getByRole('combobox', { name: 'Bình luận' });
    await box.pressSequentially('Đã nhận, cảm ơn @chuyenvien');
    await expect(headPage.getByRole('option', { name: /Phạm Thị Lan/ })).toBeVisible();
    await box.press('Enter');
    await expect(box).toHaveValue('Đã nhận, cảm ơn @chuyenvien.vbc ');
    await box.pressSequentially('xem lại số liệu tại https://mic.gov.vn/bao-cao nhé.');
    // With a file of its own: uploaded with the comment box's button, shown under the comment.
    await headPage.locator('td-comment-box input[type=file]').setInputFiles({ name: 'Ý kiến Vụ trưởng.png', mimeType: 'image/png', buffer: PNG });
    await expect(headPage.locator('td-comment-box').getByText('Đã tải lên')).toBeVisible();
    await headPage.getByRole('button', { name: 'Gửi bình luận' }).click();
    const comment = headPage.locator('td-task-timeline li.comment').first();
    await expect(comment).toContainText('@chuyenvien.vbc');
    await expect(comment.getByRole('link', { name: 'Ý kiến Vụ trưởng.png' })).toBeVisible();
    await expect(files.getByRole('link', { name: 'Ý kiến Vụ trưởng.png' })).toBeVisible();
    // A link in a comment is a link (to its address, in a new tab); the text is never HTML.
    await expect(comment.getByRole('link', { name: 'https://mic.gov.vn/bao-cao' })).toHaveAttribute('href', 'https://mic.gov.vn/bao-cao');
    await expect(comment.getByRole('link', { name: 'https://mic.gov.vn/bao-cao' })).toHaveAttribute('rel', /noopener/);

    // The task page, as the head sees it: accessible, and pictured at 1366 and 390 px.
    await expect(headPage.getByRole('status').filter({ hasText: 'Đang tải' })).toHaveCount(0);
    await expectAccessible(headPage, 'work-on-task');
    await headPage.setViewportSize({ width: 1366, height: 900 });
    await headPage.screenshot({ path: 'docs/screenshots/task-work-1366.png', fullPage: true });
    await headPage.setViewportSize({ width: 390, height: 844 });
    await headPage.screenshot({ path: 'docs/screenshots/task-work-390.png', fullPage: true });
    await expectAccessible(headPage, 'work-on-task (phone)');

    // The staff member is notified of the mention, live.
    await expect.poll(() => unread(staffPage), { timeout: 60_000 }).toBeGreaterThan(staffUnreadBefore);
    // …and, still on the task page, sees the comment arrive in the timeline without a reload.
    await expect(staffPage.locator('td-task-timeline li.comment').first()).toContainText('Đã nhận, cảm ơn @chuyenvien.vbc');

    // A staff member of another unit: the file's address answers not found, as the task does.
    const other = await apiToken(request, 'staffCntt');
    const refused = await request.get(fileUrl as string, { headers: auth(other) });
    expect(refused.status()).toBe(404);
    expect((await refused.json()).code).toBe('NOT_FOUND');
    const otherPage = await signedIn(browser, 'staffCntt');
    await otherPage.goto(`/nhiem-vu/${taskId}`);
    await expect(otherPage.getByText('Không tìm thấy nhiệm vụ, hoặc bạn không có quyền xem nhiệm vụ này.')).toBeVisible();
  });

  test('the unit head sees the waiting extension requests counted in the menu, and chooses how each kind of event reaches them', { tag: '@once' }, async ({ browser, request }) => {
    const head = await apiToken(request, 'headVbc');
    const staff = await apiToken(request, 'staffVbc');
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const headPage = await signedIn(browser, 'headVbc');
    const entry = headPage.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /^Đề nghị gia hạn/ });
    await expect(entry).toBeVisible();
    const before = Number((await request.get('/api/tasks/pending-extensions/count', { headers: auth(head) }).then((r) => r.json())).count);

    const staffUser = (await (await request.get('/api/users?q=chuyenvien.vbc', { headers: auth(head) })).json()).items[0];
    const deadline = addDays(toLocalDate(new Date()), 10);
    const created = await request.post('/api/tasks', { headers: auth(head), data: { title: `Rà soát quy hoạch mạng bưu chính e2e ${Date.now()}`, leadUnitCode: 'VBC', assigneeId: staffUser.id, deadline } });
    const taskId = (await created.json()).id as string;
    const asked = await request.post(`/api/tasks/${taskId}/extensions`, { headers: auth(staff), data: { newDeadline: addDays(deadline, 7), reason: 'Chờ số liệu của các Bộ' } });
    expect(asked.status()).toBe(201);

    // The request's notification moves the bell, and the count beside the entry follows without a reload.
    await expect(entry).toContainText(String(before + 1), { timeout: 60_000 });
    await expect(entry).toHaveAccessibleName(new RegExp(`^Đề nghị gia hạn\\s*\\(${before + 1} đề nghị gia hạn chờ xét\\)$`));

    // The head splits the task for the staff member; the parent lists the piece and the rolled-up progress.
    await headPage.goto(`/nhiem-vu/${taskId}`);
    const subs = headPage.getByRole('region', { name: 'Nhiệm vụ con' });
    await subs.getByRole('button', { name: 'Chia nhỏ nhiệm vụ' }).click();
    await subs.getByLabel('Tên nhiệm vụ con').fill('Tổng hợp số liệu các tỉnh phía Bắc');
    await subs.getByLabel('Người thực hiện').selectOption({ label: 'Phạm Thị Lan (Chuyên viên, Vụ Bưu chính)' });
    await expect(subs.getByLabel('Hạn xử lý')).toHaveAttribute('max', deadline);
    await subs.getByLabel('Hạn xử lý').fill(addDays(deadline, -3));
    await subs.getByRole('button', { name: 'Tạo nhiệm vụ con' }).click();
    await expect(subs.getByRole('link', { name: /Tổng hợp số liệu các tỉnh phía Bắc/ })).toBeVisible();
    await expect(subs.getByText('Tiến độ chung từ các nhiệm vụ con')).toBeVisible();
    await headPage.setViewportSize({ width: 390, height: 844 });
    await headPage.screenshot({ path: 'docs/screenshots/task-subtasks-390.png', fullPage: true });
    await headPage.setViewportSize({ width: 1280, height: 900 });

    // Completing the parent while the piece is open asks what becomes of it.
    const staffPage = await signedIn(browser, 'staffVbc');
    await staffPage.goto(`/nhiem-vu/${taskId}`);
    await staffPage.locator('.page-head .actions').getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    const dialog = staffPage.getByRole('dialog', { name: 'Báo cáo hoàn thành' });
    await dialog.getByLabel('Kết quả thực hiện').fill('Đã rà soát xong.');
    await dialog.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await expect(dialog.getByText('Chọn một cách xử lý.')).toBeVisible();
    await dialog.getByLabel('Hoàn thành luôn các nhiệm vụ con').check();
    await dialog.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await expect(staffPage.getByRole('status').filter({ hasText: 'Đã báo cáo hoàn thành.' })).toBeVisible();
    await expect(staffPage.getByRole('region', { name: 'Nhiệm vụ con' }).locator('td-status-chip')).toContainText('Hoàn thành');

    await headPage.goto('/tai-khoan');
    const prefs = headPage.getByRole('table', { name: 'Nhận thông báo' });
    // The head's account has no e-mail address: the page says e-mail and the digest cannot be sent (until one is added).
    const headAccount = (await (await request.get('/api/auth/me', { headers: auth(head) })).json()) as { email: string | null };
    if (!headAccount.email) await expect(headPage.getByRole('note')).toContainText('chưa có địa chỉ thư điện tử');
    await prefs.getByRole('radio', { name: 'Bình luận, nhắc đến tôi: Thư tổng hợp hằng ngày' }).check();
    await headPage.getByRole('button', { name: 'Lưu cách nhận thông báo' }).click();
    await expect(headPage.getByRole('status').filter({ hasText: 'Đã lưu cách nhận thông báo.' })).toBeVisible();
    const saved = await (await request.get('/api/me/notification-preferences', { headers: auth(head) })).json();
    expect(saved.preferences.comment_added).toBe('digest');
    await headPage.reload();
    await expect(headPage.getByRole('radio', { name: 'Bình luận, nhắc đến tôi: Thư tổng hợp hằng ngày' })).toBeChecked();
    await expectAccessible(headPage, 'account-preferences');
    await headPage.setViewportSize({ width: 1366, height: 900 });
    await headPage.screenshot({ path: 'docs/screenshots/account-preferences-1366.png', fullPage: true });
    await headPage.setViewportSize({ width: 390, height: 844 });
    await headPage.screenshot({ path: 'docs/screenshots/account-preferences-390.png', fullPage: true });
    await expectAccessible(headPage, 'account-preferences (phone)');
  });

  test('long unbroken names wrap on the task page; comment and file history reads in words; the comment box stops at the API’s limit; My tasks by state', { tag: '@once' }, async ({ browser, request }) => {
    test.setTimeout(120_000);
    const head = await apiToken(request, 'headVbc');
    const staff = await apiToken(request, 'staffVbc');
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const staffUser = (await (await request.get('/api/users?q=chuyenvien.vbc', { headers: auth(head) })).json()).items[0];
    // A title, a file name and a comment with no place to break a line.
    const title = `Tổng hợp ${'Đ'.repeat(300)} e2e ${Date.now()}`;
    const created = await request.post('/api/tasks', { headers: auth(head), data: { title, leadUnitCode: 'VBC', assigneeId: staffUser.id, deadline: addDays(toLocalDate(new Date()), 10) } });
    expect(created.status()).toBe(201);
    const taskId = (await created.json()).id as string;
    const longName = `${'ầ'.repeat(246)}.pdf`;
    const upload = (name: string) => request.post(`/api/tasks/${taskId}/attachments`, { headers: auth(staff), multipart: { file: { name, mimeType: 'application/pdf', buffer: PDF } } });
    expect((await upload(longName)).status()).toBe(201);
    // A file uploaded then deleted, a comment edited then deleted: the history says so in words.
    const dropped = await (await upload('Dự thảo cũ.pdf')).json();
    expect((await request.delete(`/api/tasks/${taskId}/attachments/${dropped.id}`, { headers: auth(staff) })).status()).toBe(204);
    const secret = 'Nội dung riêng không được còn lại';
    const posted = await (await request.post(`/api/tasks/${taskId}/comments`, { headers: auth(staff), data: { body: secret } })).json();
    expect((await request.patch(`/api/tasks/${taskId}/comments/${posted.id}`, { headers: auth(staff), data: { body: `${secret} (sửa)` } })).status()).toBe(200);
    expect((await request.delete(`/api/tasks/${taskId}/comments/${posted.id}`, { headers: auth(staff) })).status()).toBe(204);
    expect((await request.post(`/api/tasks/${taskId}/comments`, { headers: auth(staff), data: { body: 'x'.repeat(600) } })).status()).toBe(201);

    const headPage = await signedIn(browser, 'headVbc');
    await headPage.goto(`/nhiem-vu/${taskId}`);
    const timeline = headPage.locator('td-task-timeline');
    await expect(timeline.getByText('đã sửa bình luận')).toBeVisible();
    await expect(timeline.getByText('đã xoá bình luận')).toBeVisible();
    await expect(timeline.getByText('đã xoá tệp Dự thảo cũ.pdf')).toBeVisible();
    await expect(timeline.getByRole('link', { name: longName })).toBeVisible();
    const timelineText = (await timeline.textContent()) ?? '';
    expect(timelineText).not.toContain(secret);
    expect(timelineText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

    // The comment box allows what the API allows: 5,000 characters.
    const box = headPage.getByRole('combobox', { name: 'Bình luận' });
    await expect(box).toHaveAttribute('maxlength', '5000');
    await expect(headPage.locator('#comment-count')).toHaveText('0/5.000 ký tự');

    // Nothing pushes the page sideways, on a desktop or a phone.
    for (const [width, height] of [[1366, 900], [390, 844]]) {
      await headPage.setViewportSize({ width, height });
      await expect.poll(() => headPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await headPage.screenshot({ path: `docs/screenshots/task-long-name-${width}.png`, fullPage: true });
    }

    // A standing task (no deadline) once completed is done, not open, in My tasks.
    const standing = await (await request.post('/api/tasks', { headers: auth(head), data: { title: `Việc thường xuyên e2e ${Date.now()}`, leadUnitCode: 'VBC', assigneeId: staffUser.id } })).json();
    expect(standing.status).toBe('no_deadline');
    expect((await request.post(`/api/tasks/${standing.id}/complete`, { headers: auth(staff), data: { version: standing.version, result: 'Đã làm xong kỳ này.' } })).status()).toBe(201);
    const staffPage = await signedIn(browser, 'staffVbc');
    await staffPage.goto('/viec-cua-toi');
    await staffPage.getByLabel('Tìm trong nhiệm vụ của tôi').fill(standing.title);
    await staffPage.getByRole('search').getByRole('button').click();
    await expect(staffPage.getByText('Bạn không có nhiệm vụ nào đang thực hiện.')).toBeVisible();
    await expect(staffPage.getByRole('link', { name: standing.title })).toHaveCount(0);
    await staffPage.getByRole('button', { name: 'Đã hoàn thành' }).click();
    await expect(staffPage.getByRole('link', { name: standing.title })).toBeVisible();
  });
});
