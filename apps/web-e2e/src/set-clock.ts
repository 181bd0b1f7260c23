/**
 * A second e2e server whose API and worker run on a clock started at a set instant (CLOCK_START), for the journey
 * whose outcome depends on the day of the month: issue #11's "two submit, one late" needs a report period that is
 * already overdue, and the worker only makes the periods due from the 1st of the current month (so on the real clock,
 * from the 1st to about the 16th, no period is overdue yet). Friday 20/11/2026, 09:00 in Hanoi: November's period
 * (cut off Saturday 14/11) was due Monday 16/11. The browser's clock is set to the same instant
 * (page.clock.setFixedTime), so the screens count from the same day. It has no demo data: the journey makes what it
 * needs through the API as the admin.
 */
export const SET_CLOCK_PORT = Number(process.env['E2E_PORT'] ?? 3100) + 10;
export const SET_CLOCK_BASE_URL = `http://127.0.0.1:${SET_CLOCK_PORT}`;
export const SET_CLOCK_START = '2026-11-20T09:00:00+07:00';
/** The set clock's day in Vietnam. */
export const SET_CLOCK_TODAY = '2026-11-20';
