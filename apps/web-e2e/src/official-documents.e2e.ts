import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { pdfPagesText } from './pdf-text';
import { apiToken, openSignedIn } from './support';

/**
 * The briefing on paper and the organisation's name as data: the A4 print has page numbers ("Trang 1/2") and the time
 * of printing, and prints its total once, as the table's last row (a tfoot would repeat at each page's foot as if it
 * were a subtotal); the name an admin sets heads the sign-in page and the briefing. Read from Chromium's own PDF.
 */
test.describe('official documents', () => {
  test('the PDF reader this file relies on reads text Chromium draws inside a layer, pages in order', { tag: '@once' }, async ({ page }) => {
    // An element with opacity is drawn into a Form XObject of its own; a reader that skipped those found a page empty.
    await page.setContent(`<style>@page { size: A4; margin: 20mm; } p { font: 14pt sans-serif; } .next { break-before: page; }</style>
      <p>Trang một</p><p style="opacity: 0.6">Trong lớp mờ</p><p class="next" style="opacity: 0.5; transform: rotate(1deg)">Trang hai, cả trang trong lớp</p>`);
    const pages = pdfPagesText(await page.pdf({ preferCSSPageSize: true })).map((text) => text.replace(/\s+/g, ''));
    expect(pages).toEqual(['TrangmộtTronglớpmờ', 'Tranghai,cảtrangtronglớp']);
  });

  test('the printed A4 briefing and the organisation from settings', { tag: '@once' }, async ({ page, request }, testInfo) => {
    const admin = { Authorization: `Bearer ${await apiToken(request, 'admin')}` };
    const original = await (await request.get('/api/settings/organisation')).json();
    try {
      // The admin renames the organisation on its page; a bad short name gets the API's message beside the field.
      await openSignedIn(page, 'admin', '/quan-tri/co-quan');
      await expect(page.getByLabel('Tên cơ quan', { exact: true })).toHaveValue(original.name);
      await page.getByLabel('Tên cơ quan', { exact: true }).fill('Bộ Khoa học và Công nghệ');
      await page.getByLabel('Tên viết tắt').fill('bk hcn');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await expect(page.locator('#o-shortName-error')).toContainText('Tên viết tắt là 1–20 chữ in hoa');
      await page.getByLabel('Tên viết tắt').fill('BKHCN');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await expect(page.getByRole('status')).toBeVisible();
      await page.screenshot({ path: 'docs/screenshots/admin-organisation-desktop.png', fullPage: true });
      expect(await (await request.get('/api/settings/organisation')).json()).toMatchObject({ name: 'Bộ Khoa học và Công nghệ', shortName: 'BKHCN' });
      await page.context().clearCookies();
      await page.evaluate(() => localStorage.clear());

      await page.goto('/dang-nhap');
      await expect(page.getByTestId('organisation-name')).toHaveText('Bộ Khoa học và Công nghệ');
      await openSignedIn(page, 'monitor', '/giao-ban?month=2020-06');
      await expect(page.getByTestId('briefing-org')).toHaveText('Bộ Khoa học và Công nghệ');
      await expect(page.locator('.lines tbody tr').last()).toContainText('Tổng cộng');
      await expect(page.locator('.lines tfoot')).toHaveCount(0);
      await expect(page.getByTestId('briefing-printed-on')).toBeHidden();

      await page.emulateMedia({ media: 'print' });
      await expect(page.getByTestId('briefing-printed-on')).toHaveText(/^In lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      await page.screenshot({ path: 'docs/screenshots/briefing-print-desktop.png', fullPage: true });
      const pdf = await page.pdf({ preferCSSPageSize: true });
      // Kept beside the test's other output, so that a failure below can be read in a PDF viewer.
      writeFileSync(testInfo.outputPath('briefing.pdf'), pdf);
      // Glyphs from a fallback font may come apart; spaces are dropped before comparing.
      const pages = pdfPagesText(pdf).map((text) => text.replace(/\s+/g, ''));
      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((text, i) => expect(text).toContain(`Trang${i + 1}/${pages.length}`));
      expect(pages[0]).toMatch(/Inlúc\d{2}\/\d{2}\/\d{4}\d{2}:\d{2}/);
      // The total's row once in the whole print, on its last table page, not at the foot of page one.
      expect(pages.join('').match(/Tổngcộng/g) ?? []).toHaveLength(1);

      // In English the margin says "Page 1/2".
      await page.evaluate(() => localStorage.setItem('tiendo.language', 'en'));
      await page.reload();
      await expect(page.locator('.lines tbody tr.total')).toBeVisible();
      const english = pdfPagesText(await page.pdf({ preferCSSPageSize: true })).map((text) => text.replace(/\s+/g, ''));
      english.forEach((text, i) => expect(text).toContain(`Page${i + 1}/${english.length}`));
    } finally {
      await request.put('/api/settings/organisation', { headers: admin, data: original });
    }
  });
});
