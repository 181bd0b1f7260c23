import { defineConfig, devices } from '@playwright/test';
import { execSync } from 'node:child_process';
import { SET_CLOCK_PORT, SET_CLOCK_START } from './src/set-clock';

const PORT = Number(process.env['E2E_PORT'] ?? 3100);
// The ministry's OpenID Connect provider for oidc.e2e.ts (serve-oidc.js), whose client is the demo server on PORT.
const OIDC_PORT = Number(process.env['E2E_OIDC_PORT'] ?? PORT + 20);
// Debian's Chromium; Playwright never downloads a browser here.
const executablePath = process.env['CHROMIUM_PATH'] ?? execSync('which chromium').toString().trim();
const launchOptions = {
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../test-output/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  // A journey signs in two or three people and checks a screen with axe at each step: 20-25 s on a quiet 2-core
  // machine, so Playwright's 30 s default failed them whenever the machine was busy (a build or a test tier beside).
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '../../test-output/e2e.json' }]],
  use: { baseURL: `http://127.0.0.1:${PORT}`, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', trace: 'retain-on-failure' },
  // Two tags say where a test runs besides the desktop project: `@once` tests change data other tests read (or print a
  // PDF), so they run on the desktop project only; `@widths` tests set their own viewports (390 and 1366 px), so the
  // phone project, which has one width, leaves them out.
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 }, launchOptions } },
    // The phone runs the screens and sign-in; the journeys change data, and run once (desktop). dates.e2e.ts sets its
    // own 1366 px viewport and both browser locales (and takes its phone picture itself), so it runs once too.
    { name: 'phone', testIgnore: ['**/journeys.e2e.ts', '**/dates.e2e.ts'], grepInvert: /@once|@widths/, use: { ...devices['Pixel 7'], launchOptions } },
    // An English browser (issue 12): dates typed and shown as dd/MM/yyyy, every route at 390 px, the exported list,
    // a past period's list and the keyboard-only assignment must not depend on the browser's language.
    // dates.e2e.ts runs both locales itself. The app's language does not follow the browser's, so the markup is the
    // desktop project's: every route is checked here at 390 px for width, and axe and the pictures are left to it.
    {
      name: 'desktop-en',
      testMatch: ['**/everyday.e2e.ts', '**/lists.e2e.ts'],
      grepInvert: /@once/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 }, locale: 'en-US', launchOptions },
    },
  ],
  // The built API serving the built web app, on a throwaway database that the launcher drops when it stops; beside it
  // a second one on a set clock and no demo data, for the journey that needs a given day (src/set-clock.ts); and
  // the ministry's OpenID Connect provider the demo server signs people in through (oidc.e2e.ts).
  webServer: [
    // First, so that the demo server finds the provider's discovery document when it starts.
    {
      command: `node apps/web-e2e/serve-oidc.js`,
      cwd: '../..',
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { E2E_PORT: String(PORT), E2E_OIDC_PORT: String(OIDC_PORT) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node apps/web-e2e/serve-e2e.js`,
      cwd: '../..',
      url: `http://127.0.0.1:${PORT}/api/health`,
      env: {
        E2E_PORT: String(PORT),
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: 'tiendo-e2e',
        OIDC_CLIENT_SECRET: 'e2e-client-secret-not-for-production',
        OIDC_ALLOW_HTTP: 'true',
        PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      },
      reuseExistingServer: false,
      timeout: 300_000,
      // SIGTERM, not Playwright's default SIGKILL: serve-e2e.js then stops the API and the worker and drops its database
      // (killed, it left two databases behind on every run).
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node apps/web-e2e/serve-e2e.js`,
      cwd: '../..',
      url: `http://127.0.0.1:${SET_CLOCK_PORT}/api/health`,
      env: { E2E_PORT: String(SET_CLOCK_PORT), E2E_CLOCK_START: SET_CLOCK_START, E2E_SEED: 'none' },
      reuseExistingServer: false,
      timeout: 300_000,
      // SIGTERM, not Playwright's default SIGKILL: serve-e2e.js then stops the API and the worker and drops its database
      // (killed, it left two databases behind on every run).
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
