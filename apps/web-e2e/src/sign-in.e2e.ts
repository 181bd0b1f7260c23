import { expect, test } from '@playwright/test';

test.describe('sign in', () => {
  test('the demo admin signs in, sees the home page, and signs out', async ({ page }, info) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/dang-nhap/);
    await expect(page.getByRole('heading', { name: 'Tiến Độ' })).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/sign-in-${info.project.name}.png`, fullPage: true });

    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert')).toContainText('không đúng');

    await page.getByLabel('Mật khẩu').fill('Quan-tri-e2e-2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('heading', { name: 'Nhiệm vụ của tôi' })).toBeVisible();
    await expect(page.getByText('Quản trị hệ thống', { exact: false }).first()).toBeVisible();

    // The session survives a reload.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Nhiệm vụ của tôi' })).toBeVisible();

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page).toHaveURL(/\/dang-nhap/);
  });

  test('a staff member sees the tasks assigned to them', async ({ page }, info) => {
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill('chuyenvien.vbc');
    await page.getByLabel('Mật khẩu').fill('Chuyen-vien-VBC-2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('heading', { name: 'Nhiệm vụ của tôi' })).toBeVisible();
    await expect(page.getByRole('cell', { name: /Chiến lược phát triển bưu chính/ })).toBeVisible();
    await expect(page.getByText('Đang thực hiện quá hạn').first()).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/my-tasks-${info.project.name}.png`, fullPage: true });
  });
});
