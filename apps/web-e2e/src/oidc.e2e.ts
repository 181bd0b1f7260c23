import { expect, test } from '@playwright/test';
import { apiToken, expectAccessible, screenshot } from './support';

// The ministry's OpenID Connect provider (serve-oidc.js: libs/server/testing/oidc/provider.mjs) and its one person.
const OIDC_PORT = Number(process.env['E2E_OIDC_PORT'] ?? Number(process.env['E2E_PORT'] ?? 3100) + 20);
const PROVIDER = `http://127.0.0.1:${OIDC_PORT}`;
const PERSON = { username: 'tran.thi.sso', password: 'Cong-dang-nhap-2026', fullName: 'Trần Thị Sơn' };

test.describe('sign in with the ministry account', () => {
  // @once: the admin's mapping rule and the account made at the first sign-in stay in the demo database.
  test('“Đăng nhập bằng tài khoản Bộ” through the provider lands home with the unit and role mapped; signing out goes through the provider’s sign-out @once', async ({ browser, request }, info) => {
    // The admin maps the provider's group /Bo-TTTT/VP to Văn phòng Bộ (demo unit VP); the role is staff when no rule names one.
    const admin = await apiToken(request, 'admin');
    const rule = await request.post('/api/directory/mapping-rules', {
      headers: { Authorization: `Bearer ${admin}` },
      data: { source: 'group', value: '/Bo-TTTT/VP', unitCode: 'VP' },
    });
    expect(rule.status()).toBe(201);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/dang-nhap');
    const button = page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Bộ' });
    await expect(button).toBeVisible();
    await expect(page.getByText('hoặc', { exact: true })).toBeVisible();
    await expectAccessible(page, 'sign-in-oidc');
    await screenshot(page, info, 'sign-in-oidc');

    await button.click();
    await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/interaction/`));
    await page.getByLabel('Tên đăng nhập').fill(PERSON.username);
    await page.getByLabel('Mật khẩu').fill(PERSON.password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

    // Back in the app, past /dang-nhap/oidc, on the person's home, with their name, role and unit in the header.
    await expect(page).not.toHaveURL(/dang-nhap/);
    const who = page.locator('header .who');
    await expect(who.locator('.name')).toHaveText(PERSON.fullName);
    await expect(who.locator('.role')).toHaveText('Chuyên viên · Văn phòng Bộ');
    const me = await page.evaluate(async () => {
      const { accessToken } = JSON.parse(sessionStorage.getItem('tiendo.session') as string);
      return (await fetch('/api/auth/me', { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    });
    expect(me).toMatchObject({ username: PERSON.username, unitCode: 'VP', role: 'staff', signInMethod: 'oidc' });

    // Signing out goes through the provider's end-session endpoint, whose confirmation form is sent (the provider's
    // own sign-out), and the provider sends the browser back to /dang-nhap.
    const endSession = page.waitForRequest((req) => req.url().startsWith(`${PROVIDER}/session/end?`));
    const confirmed = page.waitForRequest((req) => req.method() === 'POST' && req.url().startsWith(`${PROVIDER}/session/end/confirm`));
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await endSession;
    await confirmed;
    await expect(page).toHaveURL(/\/dang-nhap$/);
    await expect(page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Bộ' })).toBeVisible();
    // The app's session is over: the tokens are gone and a screen asks to sign in.
    expect(await page.evaluate(() => sessionStorage.getItem('tiendo.session'))).toBeNull();
    await page.goto('/viec-cua-toi');
    await expect(page).toHaveURL(/\/dang-nhap\?next=/);
    // The provider's own session ended too: signing in again asks for the password at the provider.
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Bộ' }).click();
    await expect(page.getByLabel('Mật khẩu')).toBeVisible();
    await context.close();
  });
});
