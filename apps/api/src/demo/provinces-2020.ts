import type { LocalDate } from '@tiendo/domain';

/**
 * The 63 provincial Departments of Information and Communications (Sở Thông tin và Truyền thông) of 2020, before
 * the 2025 reorganisation (Resolution 202/2025/QH15 merged the 63 provinces into 34): five centrally-run cities and 58
 * provinces, in the order of the official list of administrative units (code of Decision 124/2004/QĐ-TTg). Each is a
 * unit of kind `provincial_department` under the ministry; `slug` gives the code (`STTTT-HNI`) and the usernames
 * (`giamdoc.hni`, `chuyenvien.hni`).
 */
export const PROVINCES_2020: Array<{ slug: string; name: string }> = [
  { slug: 'HNI', name: 'Hà Nội' },
  { slug: 'HGI', name: 'Hà Giang' },
  { slug: 'CBA', name: 'Cao Bằng' },
  { slug: 'BKA', name: 'Bắc Kạn' },
  { slug: 'TQU', name: 'Tuyên Quang' },
  { slug: 'LCA', name: 'Lào Cai' },
  { slug: 'DBI', name: 'Điện Biên' },
  { slug: 'LCH', name: 'Lai Châu' },
  { slug: 'SLA', name: 'Sơn La' },
  { slug: 'YBA', name: 'Yên Bái' },
  { slug: 'HBI', name: 'Hoà Bình' },
  { slug: 'TNG', name: 'Thái Nguyên' },
  { slug: 'LSO', name: 'Lạng Sơn' },
  { slug: 'QNI', name: 'Quảng Ninh' },
  { slug: 'BGI', name: 'Bắc Giang' },
  { slug: 'PTH', name: 'Phú Thọ' },
  { slug: 'VPH', name: 'Vĩnh Phúc' },
  { slug: 'BNI', name: 'Bắc Ninh' },
  { slug: 'HDU', name: 'Hải Dương' },
  { slug: 'HPH', name: 'Hải Phòng' },
  { slug: 'HYE', name: 'Hưng Yên' },
  { slug: 'TBI', name: 'Thái Bình' },
  { slug: 'HNA', name: 'Hà Nam' },
  { slug: 'NDI', name: 'Nam Định' },
  { slug: 'NBI', name: 'Ninh Bình' },
  { slug: 'THO', name: 'Thanh Hoá' },
  { slug: 'NAN', name: 'Nghệ An' },
  { slug: 'HTI', name: 'Hà Tĩnh' },
  { slug: 'QBI', name: 'Quảng Bình' },
  { slug: 'QTR', name: 'Quảng Trị' },
  { slug: 'TTH', name: 'Thừa Thiên Huế' },
  { slug: 'DNG', name: 'Đà Nẵng' },
  { slug: 'QNA', name: 'Quảng Nam' },
  { slug: 'QNG', name: 'Quảng Ngãi' },
  { slug: 'BDI', name: 'Bình Định' },
  { slug: 'PYE', name: 'Phú Yên' },
  { slug: 'KHO', name: 'Khánh Hoà' },
  { slug: 'NTH', name: 'Ninh Thuận' },
  { slug: 'BTH', name: 'Bình Thuận' },
  { slug: 'KTU', name: 'Kon Tum' },
  { slug: 'GLA', name: 'Gia Lai' },
  { slug: 'DLA', name: 'Đắk Lắk' },
  { slug: 'DNO', name: 'Đắk Nông' },
  { slug: 'LDO', name: 'Lâm Đồng' },
  { slug: 'BPH', name: 'Bình Phước' },
  { slug: 'TNI', name: 'Tây Ninh' },
  { slug: 'BDU', name: 'Bình Dương' },
  { slug: 'DNA', name: 'Đồng Nai' },
  { slug: 'BRV', name: 'Bà Rịa - Vũng Tàu' },
  { slug: 'HCM', name: 'Thành phố Hồ Chí Minh' },
  { slug: 'LAN', name: 'Long An' },
  { slug: 'TGI', name: 'Tiền Giang' },
  { slug: 'BTR', name: 'Bến Tre' },
  { slug: 'TVI', name: 'Trà Vinh' },
  { slug: 'VLO', name: 'Vĩnh Long' },
  { slug: 'DTH', name: 'Đồng Tháp' },
  { slug: 'AGI', name: 'An Giang' },
  { slug: 'KGI', name: 'Kiên Giang' },
  { slug: 'CTH', name: 'Cần Thơ' },
  { slug: 'HAG', name: 'Hậu Giang' },
  { slug: 'STR', name: 'Sóc Trăng' },
  { slug: 'BLI', name: 'Bạc Liêu' },
  { slug: 'CMA', name: 'Cà Mau' },
];

/** The unit of a province: code, name, kind, under the ministry (BO). */
export const provinceUnit = (p: { slug: string; name: string }) => ({
  code: `STTTT-${p.slug}`,
  name: `Sở Thông tin và Truyền thông ${p.name}`,
  kind: 'provincial_department' as const,
  parentCode: 'BO',
});

/** The head (Giám đốc Sở, role unit_head) and a staff member of a province; ASCII usernames, demo passwords. */
export const provinceUsers = (p: { slug: string }, i: number) => {
  const s = p.slug.toLowerCase();
  return [
    { username: `giamdoc.${s}`, fullName: personName(2 * i), role: 'unit_head' as const, unitCode: `STTTT-${p.slug}`, password: demoPassword(2 * i) },
    { username: `chuyenvien.${s}`, fullName: personName(2 * i + 1), role: 'staff' as const, unitCode: `STTTT-${p.slug}`, password: demoPassword(2 * i + 1) },
  ];
};

/**
 * A demo password: 12 letters and digits drawn from a seeded generator (the same for the same `n`), in three groups.
 * Short random ones, not the word chains of DEMO_USERS: 126 passwords are judged (zxcvbn) at each load, and a short
 * random string is judged several times faster than a long chain of words.
 */
function demoPassword(n: number): string {
  const chars = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const random = seededRandom(0x5077 + n * 7919);
  const group = () => Array.from({ length: 4 }, () => chars[Math.floor(random() * chars.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLES = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Thanh', 'Hữu', 'Ngọc', 'Xuân', 'Hồng'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hải', 'Hạnh', 'Hùng', 'Khánh', 'Lâm', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Tú', 'Vinh', 'Yến'];

/** A plausible Vietnamese full name, the same for the same `n`. */
function personName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]} ${MIDDLES[(n * 7) % MIDDLES.length]} ${GIVEN[(n * 11) % GIVEN.length]}`;
}

/**
 * The monthly report the provincial departments send the Ministry Office. Decree 09/2019/NĐ-CP (chế độ báo cáo của
 * cơ quan hành chính nhà nước) gives the cut-off (art. 12(1)(a): from the 15th of the previous month to the 14th) and
 * the due day by default; the obligation overrides neither.
 */
export const PROVINCIAL_OBLIGATION = {
  code: 'BC-STTTT-THANG-2020',
  name: 'Báo cáo tình hình hoạt động thông tin và truyền thông hằng tháng',
  legalBasis: 'Chế độ báo cáo định kỳ theo Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan hành chính nhà nước',
  periodicity: 'monthly' as const,
  receivingUnitCode: 'VP',
  reportingUnitKind: 'provincial_department' as const,
  startsOn: '2020-01-01' as LocalDate,
  endsOn: '2020-12-31' as LocalDate,
  fields: [
    { key: 'thue_bao_di_dong', label: 'Số thuê bao điện thoại di động trên địa bàn (nghìn thuê bao)', type: 'number' as const, required: true },
    { key: 'dich_vu_cong_muc_4', label: 'Số dịch vụ công trực tuyến mức độ 4 của tỉnh', type: 'number' as const, required: true },
  ],
};

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same demo on every load, so the boards of
 * 2020 read the same everywhere (tests, screenshots, the README's numbers).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
