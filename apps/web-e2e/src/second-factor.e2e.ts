import { expect, test } from '@playwright/test';
import { generate } from 'otplib';
import { apiToken, expectAccessible, screenshot, signIn, signInWith } from './support';

/**
 * Two-step verification (README "Second factor"): a leader turns it on from the account page, keeps the recovery
 * codes, signs out, and signs in again with the password and a code from the authenticator app. The test is the app:
 * it computes the codes with otplib from the secret the page shows. The e2e server requires no role to enrol
 * (MFA_REQUIRED_ROLES=none, serve-e2e.js), so the demo's accounts of the other journeys are not asked for a code; the
 * leader here is one of the test's own.
 */
test.describe('second factor @once', () => {
  test('a leader enrols on the account page, signs out, and signs in with a code; an admin resets it', async ({ page, request }, info) => {
    // Four sign-ins and three axe checks: twice a journey's length.
    test.setTimeout(120_000);
    const username = `lanhdao.2fa.${Date.now().toString(36)}`;
    const password = 'Canh-dieu-bay-tren-Ho-Tay-2026';
    const admin = await apiToken(request, 'admin');
    const created = await request.post('/api/users', {
      headers: { Authorization: `Bearer ${admin}` },
      data: { username, fullName: 'Trần Văn Hai Bước', password, role: 'leader', unitCode: 'BO' },
    });
    expect(created.status()).toBe(201);

    await signInWith(page, username, password);
    await page.goto('/tai-khoan');
    const section = page.getByRole('region', { name: 'Xác thực hai bước' });
    await expect(section.getByTestId('second-factor-state')).toContainText('Chưa bật');
    await section.getByRole('button', { name: 'Bật xác thực hai bước' }).click();

    // The secret as the page shows it, for typing into an app; and the otpauth link for a phone.
    const secretCode = section.getByTestId('totp-secret');
    await expect(secretCode).toBeVisible();
    const secret = (await secretCode.getAttribute('data-secret')) as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await secretCode.textContent())?.replace(/\s/g, '')).toBe(secret);
    await expect(section.getByRole('link', { name: /^otpauth:\/\/totp\// })).toHaveAttribute('href', new RegExp(`secret=${secret}`));
    await expectAccessible(page, 'account-second-factor-enrol');

    const now = () => Math.floor(Date.now() / 1000);
    await section.getByLabel('Mã xác thực').fill(await generate({ secret, epoch: now() }));
    await section.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await expect(section.getByRole('status')).toContainText('Đã bật xác thực hai bước');
    const codes = section.getByTestId('recovery-codes').getByRole('listitem');
    await expect(codes).toHaveCount(10);
    await expect(section.getByRole('button', { name: 'Tải về' })).toBeVisible();
    await expect(section.getByTestId('second-factor-state')).toContainText('Đang bật từ');
    await expectAccessible(page, 'account-recovery-codes');
    await screenshot(page, info, 'account-second-factor');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page).toHaveURL(/\/dang-nhap/);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

    // The second step: no session yet, a code asked for, and a way to use a recovery code instead.
    await expect(page.getByRole('heading', { name: 'Xác thực hai bước' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Dùng mã khôi phục' })).toBeVisible();
    await expectAccessible(page, 'second-factor');
    await screenshot(page, info, 'second-factor');

    // The code used to enrol is spent for its 30-second step: the app's next code (±1 step is accepted) signs in.
    await page.getByLabel('Mã xác thực').fill(await generate({ secret, epoch: now() + 30 }));
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await expect(page).not.toHaveURL(/dang-nhap/);
    await expect(page.getByRole('heading', { name: /Tổng quan/ })).toBeVisible();

    // The phone is lost: an admin resets the leader's two-step verification from the users screen, asked first.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, 'admin');
    await page.goto('/quan-tri/nguoi-dung');
    await page.getByLabel('Tìm theo tên hoặc tên đăng nhập').fill(username);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByRole('button', { name: /^Sửa\s*: Trần Văn Hai Bước$/ }).click();
    await page.getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Đặt lại xác thực hai bước của Trần Văn Hai Bước?');
    await dialog.getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã đặt lại xác thực hai bước' })).toBeVisible();

    // Not required for any role on this server: the leader signs in with the password alone again.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signInWith(page, username, password);
    await expect(page.getByRole('heading', { name: /Tổng quan/ })).toBeVisible();
  });
});
