import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, Page, TestInfo } from '@playwright/test';

/** The demo accounts (apps/api/src/demo/demo-data.ts) and the admin the e2e server creates. */
export const USERS = {
  admin: ['admin', 'Quan-tri-e2e-2026'],
  leader: ['lanhdao', 'Sen-no-ho-Tay-2026'],
  monitor: ['vanphong', 'Pho-co-mua-thu-2026'],
  headVbc: ['vutruong.vbc', 'Tem-thu-bay-xa-2026'],
  staffVbc: ['chuyenvien.vbc', 'Buu-kien-toi-som-2026'],
  staffCntt: ['chuyenvien.cntt', 'Mang-cap-quang-2026'],
  /** The demo's head of Sở TT&TT Hà Nội (apps/api/src/demo/provinces-2020.ts provinceUsers), who submits its reports. */
  headHni: ['giamdoc.hni', 'mKyW-YKwb-nNzu'],
} as const;
export type Who = keyof typeof USERS;

export async function signIn(page: Page, who: Who): Promise<void> {
  const [username, password] = USERS[who];
  await signInWith(page, username, password);
}

/** Signs in a user the test made itself (not one of the demo's accounts). */
export async function signInWith(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).not.toHaveURL(/dang-nhap/);
}

/**
 * Opens `url` in `page` as `who`, signed in through the API's sign-in (POST /api/auth/login, the request the sign-in
 * page sends) instead of the form: the tab's session (sessionStorage `tiendo.session`, libs/web/data-access
 * session.ts) is written on the origin before the app starts, so the app opens on `url` signed in. For tests whose
 * subject is a screen; signing in through the form is the subject of sign-in.e2e.ts (and the second factor's and the
 * ministry provider's files), and the journeys sign in as people do (signIn). Saves each such test the sign-in page
 * and the landing page that follows it.
 */
export async function openSignedIn(page: Page, who: Who, url: string): Promise<void> {
  const [username, password] = USERS[who];
  const res = await page.request.post('/api/auth/login', { data: { username, password } });
  expect(res.status(), `sign-in of ${username}`).toBe(200);
  const { accessToken, refreshToken } = await res.json();
  // A page of the origin that is not the app (JSON), so that nothing starts before the session is there.
  await page.goto('/api/health');
  await page.evaluate((session) => sessionStorage.setItem('tiendo.session', session), JSON.stringify({ accessToken, refreshToken }));
  await page.goto(url);
}

/** A bearer token for API look-ups the test needs (ids to open by URL); the product is driven through the page. */
export async function apiToken(request: APIRequestContext, who: Who): Promise<string> {
  const [username, password] = USERS[who];
  const res = await request.post('/api/auth/login', { data: { username, password } });
  expect(res.ok()).toBe(true);
  return (await res.json()).accessToken;
}

/**
 * axe-core on the screen as it is: no serious or critical violation (WCAG 2.1 A and AA rules). Legacy mode runs axe
 * in the page itself; the default opens a second blank page per check to merge frames' results, about a second
 * each time, for an app that has no frames.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).setLegacyMode(true).analyze();
  const grave = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(grave).toEqual([]);
}

/** The README's pictures: docs/screenshots/<screen>-<desktop|phone>.png, taken on every run. */
export async function screenshot(page: Page, info: TestInfo, screen: string): Promise<void> {
  await page.screenshot({ path: `${screenshotDir(info)}/${screen}-${info.project.name}.png`, fullPage: true });
}

/** Whether the test runs in a browser whose language is not Vietnamese (the desktop-en project). */
export function foreignBrowser(info: TestInfo): boolean {
  return !!info.project.use.locale && info.project.use.locale !== 'vi-VN';
}

/** The README shows the Vietnamese browser's screens; the same screens under another locale go to test-output. */
export function screenshotDir(info: TestInfo): string {
  return foreignBrowser(info) ? 'test-output/screenshots' : 'docs/screenshots';
}
