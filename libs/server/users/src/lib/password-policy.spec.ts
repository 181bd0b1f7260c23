import { closePasswordChecks, foldVietnamese, passwordProblem } from './password-policy';
import { dictionarySize } from './password-strength.worker';

describe('password policy', () => {
  afterAll(() => closePasswordChecks());

  it('guesses from well over 100,000 dictionary entries (breached, common, English, Vietnamese)', () => {
    expect(dictionarySize()).toBeGreaterThan(100_000);
  });

  it.each([
    'password123',
    'abcdefgh',
    '        ',
    '123456a@',
    'matkhau123',
    'matkhau2024',
    'Mật khẩu 2024',
    'anhyeuem123',
    'nguyenvanan1990',
    'Tran Thu Ha 1985',
    'hoangminh1995',
    'qwertyuiop',
    'iloveyou2',
    'tiendo2026',
  ])('refuses the common or guessable %j', async (password) => {
    expect((await passwordProblem(password, { username: 'someone.else', fullName: 'Võ Thị Sáu' }))?.rule).toBe('PASSWORD_TOO_COMMON');
  });

  it.each([
    ['contains the username', 'Lanh-dao-Bo-2026', { username: 'lanhdao' }],
    ['contains the username with separators', 'Vu-truong-VBC!!', { username: 'vutruong.vbc' }],
    ['contains the full name, tone marks and case aside', 'NguyenMinhHong#7', { username: 'x1', fullName: 'Nguyễn Minh Hồng' }],
    ['contains the full name given name first', 'hong-nguyen-minh-79', { username: 'x1', fullName: 'Nguyễn Minh Hồng' }],
    ['contains the full name with đ', 'do-duc-dat rat vui', { username: 'x1', fullName: 'Đỗ Đức Đạt' }],
  ])('refuses a password that %s', async (_why, password, owner) => {
    expect((await passwordProblem(password, owner))?.rule).toBe('PASSWORD_CONTAINS_NAME');
  });

  it('refuses too short and too long, counting characters rather than UTF-16 units', async () => {
    expect((await passwordProblem('Ngắn!7x'))?.rule).toBe('PASSWORD_TOO_SHORT');
    expect((await passwordProblem('x'.repeat(129)))?.rule).toBe('PASSWORD_TOO_LONG');
    expect((await passwordProblem('🐉🐉🐉🐉🐉🐉🐉'))?.rule).toBe('PASSWORD_TOO_SHORT');
  });

  it.each([
    'Mat-khau-thu-nghiem-2026',
    'Một mật khẩu mới dài',
    'Hoa-sen-xanh-tren-nui',
    'Mua thu Ha Noi co gio lanh',
    'correct horse battery staple',
  ])('accepts the long or unusual %j', async (password) => {
    expect(await passwordProblem(password, { username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan' })).toBeNull();
  });

  it('answers a Vietnamese message with the rule', async () => {
    expect(await passwordProblem('password123')).toEqual({ rule: 'PASSWORD_TOO_COMMON', message: expect.stringMatching(/Mật khẩu/) });
  });

  it('scores a long password full of l33t characters (slow in zxcvbn) and still refuses the weak ones', async () => {
    expect(await passwordProblem('4@8({[</369&#!1/|0$5+7%2/4@8({[</369&#!1/|0$5+7%2/a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7')).toBeNull();
    expect((await passwordProblem('p@ssw0rd123!'))?.rule).toBe('PASSWORD_TOO_COMMON');
    expect((await passwordProblem('m@tkh@u2024'))?.rule).toBe('PASSWORD_TOO_COMMON');
  });

  it('folds tone marks and đ', () => {
    expect(foldVietnamese('Nguyễn Đức Thắng')).toBe('nguyen duc thang');
  });
});
