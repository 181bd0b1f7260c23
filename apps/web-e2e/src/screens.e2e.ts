import { expect, test } from '@playwright/test';
import { apiToken, expectAccessible, screenshot, signIn, Who } from './support';

/**
 * Every screen, as the person who uses it sees it: it draws its content, axe-core finds no serious or critical
 * violation, and the README's screenshot is taken (desktop and phone width, one project each).
 */
const SCREENS: Array<{ name: string; who: Who; path: string | ((ids: Record<string, string>) => string); ready: (page: import('@playwright/test').Page) => Promise<void> }> = [
  { name: 'my-tasks', who: 'staffVbc', path: '/viec-cua-toi', ready: (p) => expect(p.getByRole('heading', { name: 'Việc của tôi' })).toBeVisible() },
  { name: 'unit-tasks', who: 'headVbc', path: '/nhiem-vu?status=in_progress_overdue,in_progress_on_track,no_deadline', ready: (p) => expect(p.getByText(/\d+ nhiệm vụ/).first()).toBeVisible() },
  { name: 'task', who: 'staffVbc', path: (ids) => `/nhiem-vu/${ids['task']}`, ready: (p) => expect(p.getByRole('heading', { name: 'Lịch sử' })).toBeVisible() },
  { name: 'assign', who: 'headVbc', path: '/nhiem-vu/giao-moi', ready: (p) => expect(p.getByRole('combobox').first()).toBeVisible() },
  { name: 'documents', who: 'monitor', path: '/van-ban', ready: (p) => expect(p.getByRole('link', { name: '01/CT-BTTTT' })).toBeVisible() },
  { name: 'dashboard', who: 'leader', path: '/tong-quan?month=2020-06', ready: (p) => expect(p.getByRole('heading', { name: 'Xếp hạng thi đua' })).toBeVisible() },
  { name: 'briefing', who: 'leader', path: '/giao-ban?month=2020-06', ready: (p) => expect(p.getByTestId('briefing-sentence')).toContainText('61,46%') },
  { name: 'import', who: 'monitor', path: '/nhap-du-lieu', ready: (p) => expect(p.getByRole('button', { name: 'Tải mẫu Excel' })).toBeVisible() },
  { name: 'notifications', who: 'staffVbc', path: '/thong-bao', ready: (p) => expect(p.getByText(/thông báo chưa đọc|Chưa có thông báo/).first()).toBeVisible() },
  { name: 'account', who: 'staffVbc', path: '/tai-khoan', ready: (p) => expect(p.getByRole('heading', { name: 'Đổi mật khẩu' })).toBeVisible() },
  { name: 'admin-units', who: 'admin', path: '/quan-tri/don-vi', ready: (p) => expect(p.getByText('Vụ Bưu chính', { exact: true }).first()).toBeVisible() },
  { name: 'admin-users', who: 'admin', path: '/quan-tri/nguoi-dung', ready: (p) => expect(p.getByRole('cell', { name: 'chuyenvien.vbc' })).toBeVisible() },
  { name: 'admin-holidays', who: 'admin', path: '/quan-tri/ngay-nghi', ready: (p) => expect(p.getByRole('table', { name: /^Ngày nghỉ năm \d{4}$/ })).toBeVisible() },
  { name: 'admin-reminders', who: 'admin', path: '/quan-tri/nhac-viec', ready: (p) => expect(p.getByLabel('Nhắc trước hạn (số ngày làm việc)')).toBeVisible() },
  { name: 'admin-queues', who: 'admin', path: '/quan-tri/hang-doi', ready: (p) => expect(p.getByRole('heading', { name: 'Thư điện tử gửi không được' })).toBeVisible() },
  { name: 'admin-security-events', who: 'admin', path: '/quan-tri/nhat-ky-bao-mat?kind=login', ready: (p) => expect(p.getByRole('table', { name: 'Nhật ký bảo mật' }).getByRole('row').filter({ hasText: 'Đăng nhập' }).first()).toBeVisible() },
];

test.describe('every screen draws, is accessible, and is pictured', () => {
  const ids: Record<string, string> = {};
  test.beforeAll(async ({ request }) => {
    const token = await apiToken(request, 'staffVbc');
    const res = await request.get('/api/tasks?assignee=me&q=DEMO-VBC-01', { headers: { Authorization: `Bearer ${token}` } });
    ids['task'] = (await res.json()).items[0].id;
  });

  for (const screen of SCREENS) {
    test(screen.name, async ({ page }, info) => {
      await signIn(page, screen.who);
      await page.goto(typeof screen.path === 'string' ? screen.path : screen.path(ids));
      await screen.ready(page);
      await expect(page.getByRole('status').filter({ hasText: 'Đang tải' })).toHaveCount(0);
      await expectAccessible(page, screen.name);
      await screenshot(page, info, screen.name);
    });
  }

  test('the briefing in English reads with a decimal point', async ({ page }) => {
    await signIn(page, 'leader');
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.goto('/giao-ban?month=2020-06');
    await expect(page.getByRole('heading', { name: 'Results of assigned tasks, 06/2020' })).toBeVisible();
    await expect(page.getByTestId('briefing-sentence')).toContainText('61.46%');
    await page.getByLabel('Language').selectOption('vi');
    await expect(page.getByTestId('briefing-sentence')).toContainText('61,46%');
  });
});
