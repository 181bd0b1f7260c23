import { foldVietnamese, passwordDictionarySize, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('guesses from well over 100,000 dictionary entries (breached, common, English, Vietnamese)', () => {
    expect(passwordDictionarySize()).toBeGreaterThan(100_000);
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
  ])('refuses the common or guessable %j', (password) => {
    expect(passwordProblem(password, { username: 'someone.else', fullName: 'Võ Thị Sáu' })?.rule).toBe('PASSWORD_TOO_COMMON');
  });

  it.each([
    ['contains the username', 'Lanh-dao-Bo-2026', { username: 'lanhdao' }],
    ['contains the username with separators', 'Vu-truong-VBC!!', { username: 'vutruong.vbc' }],
    ['contains the full name, tone marks and case aside', 'NguyenMinhHong#7', { username: 'x1', fullName: 'Nguyễn Minh Hồng' }],
    ['contains the full name given name first', 'hong-nguyen-minh-79', { username: 'x1', fullName: 'Nguyễn Minh Hồng' }],
    ['contains the full name with đ', 'do-duc-dat rat vui', { username: 'x1', fullName: 'Đỗ Đức Đạt' }],
  ])('refuses a password that %s', (_why, password, owner) => {
    expect(passwordProblem(password, owner)?.rule).toBe('PASSWORD_CONTAINS_NAME');
  });

  it('refuses too short and too long, counting characters rather than UTF-16 units', () => {
    expect(passwordProblem('Ngắn!7x')?.rule).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('x'.repeat(129))?.rule).toBe('PASSWORD_TOO_LONG');
    expect(passwordProblem('🐉🐉🐉🐉🐉🐉🐉')?.rule).toBe('PASSWORD_TOO_SHORT');
  });

  it.each([
    'Mat-khau-thu-nghiem-2026',
    'Một mật khẩu mới dài',
    'Hoa-sen-xanh-tren-nui',
    'Mua thu Ha Noi co gio lanh',
    'correct horse battery staple',
  ])('accepts the long or unusual %j', (password) => {
    expect(passwordProblem(password, { username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan' })).toBeNull();
  });

  it('answers a Vietnamese message with the rule', () => {
    expect(passwordProblem('password123')).toEqual({ rule: 'PASSWORD_TOO_COMMON', message: expect.stringMatching(/Mật khẩu/) });
  });

  it('folds tone marks and đ', () => {
    expect(foldVietnamese('Nguyễn Đức Thắng')).toBe('nguyen duc thang');
  });
});
