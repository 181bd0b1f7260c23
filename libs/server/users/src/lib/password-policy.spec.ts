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

  // The outside review's list, then more of the same kind: a Vietnamese full name (a family name, middle names, a
  // given name of any length down to one letter) or a unit of the ministry, with a year, a date, a short digit run or
  // symbols before or after, in any case, with or without separators and tone marks.
  it.each([
    'Nguyenvana1990',
    'nguyenvana1990',
    'NguyenVanA@1990',
    'Nguyenvana@123',
    'Nguyenvana2024@',
    'NguyenVanB1985',
    'Tranthib1990',
    'Vubuuchinh@2026',
    'Nguyễn Văn A 1990',
    'nguyen.van.a@1990',
    'NGUYENVANA1990',
    '1990NguyenVanA',
    '@@Nguyenvana',
    'Nguyenvana!',
    'NguyenVanA-01/01/1990',
    'nguyenvana0912345678',
    'TranThiB@123',
    'Lê Thị C 2001',
    'PhamVanD1975!',
    'NguyenThiMinhKhai1985',
    'Tôn Nữ Thị Hà 1992',
    'HoangDucBuu@88',
    'Vũ Bưu chính 2026',
    'VuVienThong@2025',
    'CucTanSo@2026',
    'CucBaoChi2024',
    'CucXuatBan#2026',
    'BoThongTinTruyenThong2026',
    'bothongtinvatruyenthong@1',
    'Congnghethongtin@123',
    'Mic@2026!',
    'Btttt@2026',
    'VuCNTT2026@',
    'TrungTamThongTin@2026',
    'Nguy3nV@nA1990',
    'Tr4nTh1B@1985',
    // A given or family name with the initials of the other names, the commonest e-mail-style handle.
    'Hungnv1990',
    'Thanhlv@2026',
    'Quyettv1990',
    'quyettv@1990',
    'Quyet.tv1990',
    'QuyetTV@1990',
    'nvhung1990',
    'Nguyenvh@2026',
    'Lanptt1992',
  ])('refuses the name or unit with a number %j', async (password) => {
    expect((await passwordProblem(password, { username: 'someone.else', fullName: 'Võ Thị Sáu' }))?.rule).toBe('PASSWORD_TOO_COMMON');
  });

  // The outside tester's list (accepted through an admin reset), then more of the same kind: at most three syllables
  // of the Vietnamese password habits (love, flattery, family, pets, wishes, youth, travel, football, places, chat
  // phrases) with digits, a year or symbols around, in any case, with or without separators, tone marks or l33t, and
  // the longer habit phrases zxcvbn now knows whole.
  it.each([
    'anhdeptrai',
    'deptrai123',
    'conmeo123',
    'dulich2024',
    'chucmung2025',
    'meyeucon1',
    'tuoitre2024',
    'Hoilamgi@1',
    'emyeuanh2024',
    'Anh Yêu Em 2025',
    'Xinhgai@99',
    'yeume123',
    'Dethuong@1',
    'd3ptr@i123',
    'Meocon2023!',
    'Tinhyeu@2024',
    'bongda2026',
    'Saigon@123',
    'Việt Nam 2024',
    'Hà Nội 1990!',
    'Bố mẹ yêu 1',
    'hoclamgi@12',
    'khongbiet@1',
    'Vuive2024!',
    'thanhcong@88',
    'chucmungnammoi2025',
    'Chúc mừng năm mới!',
    'toiyeuvietnam@1',
    'anhyeuemnhieu2024',
  ])('refuses the Vietnamese habit %j', async (password) => {
    expect((await passwordProblem(password, { username: 'someone.else', fullName: 'Võ Thị Sáu' }))?.rule).toBe('PASSWORD_TOO_COMMON');
  });

  it.each(['Trâu-ăn-cỏ-dưới-mưa-xanh-2026', 'qua buoi lan qua cau tre', 'Gió-mùa-đông-bắc-về-sớm', 'Kq7#vLp2-Tx9!mRz'])('accepts the long random passphrase %j', async (password) => {
    expect(await passwordProblem(password, { username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', unitName: 'Vụ Bưu chính', unitCode: 'VBC' })).toBeNull();
  });

  it('refuses the user\'s own unit name or code with a number, which may be no word of the ministry list', async () => {
    const owner = { username: 'chuyenvien.x', fullName: 'Phạm Thị Lan', unitName: 'Phòng Ứng cứu sự cố Khẩn nguy', unitCode: 'UCSC' };
    expect((await passwordProblem('UngCuuSuCo@2026', owner))?.rule).toBe('PASSWORD_TOO_COMMON');
    expect((await passwordProblem('Khan-nguy-ung-cuu-1990', owner))?.rule).toBe('PASSWORD_TOO_COMMON');
    expect((await passwordProblem('Ucsc@2026!', owner))?.rule).toBe('PASSWORD_TOO_COMMON');
  });

  it.each([
    ['the README demo passwords', ['Sen-no-ho-Tay-2026', 'Pho-co-mua-thu-2026', 'Tem-thu-bay-xa-2026', 'Buu-kien-toi-som-2026', 'May-chu-chay-em-2026', 'Mang-cap-quang-2026']],
    [
      'the test, browser-test and benchmark passwords',
      ['Mat-khau-thu-nghiem-2026', 'Bench-mark-password-2026', 'Một mật khẩu mới dài', 'Một câu mật khẩu dài', 'Mat-khau-rat-dai-2026', 'Mot-mat-khau-dai-2026', 'Một mật khẩu mới thật dài 2026', 'Mật khẩu do quản trị đặt lại 2026', 'Quan-tri-e2e-2026'],
    ],
    ['passphrases of everyday words, some of them names', ['Hoa-sen-xanh-tren-nui', 'Binh-minh-tren-bien-Dong', 'Vịnh Hạ Long mùa hè 2026', 'Tham-ma-me-thang-Bay', 'Lang-Sen-que-Bac', 'Con-meo-den-ngu-trua']],
  ])('still accepts %s', async (_which, passwords) => {
    for (const password of passwords) {
      expect([password, await passwordProblem(password, { username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', unitName: 'Vụ Bưu chính', unitCode: 'VBC' })]).toEqual([password, null]);
    }
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
