import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './support';

test.describe('sign in', () => {
  test('a wrong password is refused; the session survives a reload and ends on sign-out', async ({ page }, info) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/dang-nhap/);
    await expect(page.getByRole('heading', { name: 'Tiến Độ' })).toBeVisible();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, info, 'sign-in');

    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('không đúng');

    await page.getByLabel('Mật khẩu').fill('Quan-tri-e2e-2026');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await expect(page.getByRole('heading', { name: /Tổng quan/ })).toBeVisible();
    await expect(page.getByText('Quản trị hệ thống', { exact: false }).first()).toBeAttached();

    await page.reload();
    await expect(page.getByRole('heading', { name: /Tổng quan/ })).toBeVisible();

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page).toHaveURL(/\/dang-nhap/);
    await page.goto('/viec-cua-toi');
    await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fviec-cua-toi/);
  });

  test('a link opened before signing in leads there after signing in', async ({ page }) => {
    await page.goto('/giao-ban?month=2020-06');
    await expect(page).toHaveURL(/dang-nhap/);
    await page.getByLabel('Tên đăng nhập').fill('vanphong');
    await page.getByLabel('Mật khẩu').fill('Pho-co-mua-thu-2026');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await expect(page.getByTestId('briefing-sentence')).toContainText('61,46%');
  });

  test('a staff member starts at their own tasks', async ({ page }) => {
    await signIn(page, 'staffVbc');
    await expect(page.getByRole('heading', { name: 'Việc của tôi' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Chiến lược phát triển bưu chính/ })).toBeVisible();
  });
});

// 175 KB since issue #14's screens (30/11/2026: 170.3 KB; 158.5 KB after issue #11's, under 150 before): the
// Vietnamese catalogue of every screen is loaded with the app (the directory's rules, API tokens, webhooks, the second
// factor and single sign-on added theirs) and the sign-in page now offers the ministry's single sign-on. Splitting the
// catalogue by feature (Transloco scopes) is what would bring it back down.
test('the JavaScript a user downloads before signing in stays under 175 KB compressed', async ({ page }, info) => {
  const scripts = new Map<string, Buffer>();
  page.on('response', async (res) => {
    if (res.url().endsWith('.js')) scripts.set(res.url(), await res.body());
  });
  await page.goto('/dang-nhap');
  await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const gzipped = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  info.annotations.push({ type: 'initial JS (gzip -9)', description: `${(gzipped / 1024).toFixed(1)} KB in ${scripts.size} files` });
  expect(scripts.size).toBeGreaterThan(0);
  expect(gzipped).toBeLessThan(175 * 1024);
});
