import type { Role, UnitKind } from '@tiendo/contracts';

/** The headquarters units named at the 1 July 2020 flag ceremony (shared/domain/README.md). */
export const DEMO_UNITS: Array<{ code: string; name: string; kind: UnitKind; parentCode?: string }> = [
  { code: 'BO', name: 'Bộ Thông tin và Truyền thông', kind: 'ministry' },
  { code: 'VP', name: 'Văn phòng Bộ', kind: 'department', parentCode: 'BO' },
  { code: 'VP-TH', name: 'Phòng Tổng hợp (Văn phòng Bộ)', kind: 'other', parentCode: 'VP' },
  { code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: 'BO' },
  { code: 'TCCB', name: 'Vụ Tổ chức cán bộ', kind: 'department', parentCode: 'BO' },
  { code: 'CNTT', name: 'Vụ Công nghệ thông tin', kind: 'department', parentCode: 'BO' },
  { code: 'KHCN', name: 'Vụ Khoa học và Công nghệ', kind: 'department', parentCode: 'BO' },
  { code: 'HTQT', name: 'Vụ Hợp tác quốc tế', kind: 'department', parentCode: 'BO' },
  { code: 'QLDN', name: 'Vụ Quản lý doanh nghiệp', kind: 'department', parentCode: 'BO' },
  { code: 'KHTC', name: 'Vụ Kế hoạch - Tài chính', kind: 'department', parentCode: 'BO' },
  { code: 'PC', name: 'Vụ Pháp chế', kind: 'department', parentCode: 'BO' },
  { code: 'TDKT', name: 'Vụ Thi đua - Khen thưởng', kind: 'department', parentCode: 'BO' },
  { code: 'TTRA', name: 'Thanh tra Bộ', kind: 'department', parentCode: 'BO' },
  { code: 'TTTT', name: 'Trung tâm Thông tin', kind: 'centre', parentCode: 'BO' },
];

/** One demo user per role. Demo passwords are printed by `npm run seed:demo`; change them on a real deployment. */
export const DEMO_USERS: Array<{ username: string; fullName: string; role: Role; unitCode: string; password: string }> = [
  { username: 'lanhdao', fullName: 'Nguyễn Minh Hồng', role: 'leader', unitCode: 'BO', password: 'Sen-no-ho-Tay-2026' },
  { username: 'vanphong', fullName: 'Trần Thu Hà', role: 'monitor', unitCode: 'VP', password: 'Pho-co-mua-thu-2026' },
  { username: 'vutruong.vbc', fullName: 'Lê Văn Tuấn', role: 'unit_head', unitCode: 'VBC', password: 'Tem-thu-bay-xa-2026' },
  { username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', role: 'staff', unitCode: 'VBC', password: 'Buu-kien-toi-som-2026' },
  { username: 'vutruong.cntt', fullName: 'Hoàng Đức Minh', role: 'unit_head', unitCode: 'CNTT', password: 'May-chu-chay-em-2026' },
  { username: 'chuyenvien.cntt', fullName: 'Đỗ Quang Huy', role: 'staff', unitCode: 'CNTT', password: 'Mang-cap-quang-2026' },
];

export const DEMO_DOCUMENTS = [
  { number: '01/CT-BTTTT', type: 'directive' as const, title: 'Chỉ thị về định hướng nhiệm vụ trọng tâm của ngành Thông tin và Truyền thông', issuer: 'Bộ trưởng' },
  { number: '01/NQ-CP', type: 'resolution' as const, title: 'Nghị quyết về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội', issuer: 'Chính phủ' },
];

/**
 * Tasks around "today": offsets are days from today, so that the current month is alive whenever the demo loads.
 * `completeAfter` (days after assignment) completes the task through the same service a user's click reaches.
 */
export const DEMO_CURRENT_TASKS: Array<{
  code: string;
  title: string;
  lead: string;
  assignee?: string;
  assignedDaysAgo: number;
  deadlineInDays: number | null;
  document?: string;
  isKeyTask?: boolean;
  progress?: number;
  completeAfter?: number;
  coordinating?: string[];
}> = [
  { code: 'DEMO-VBC-01', title: 'Hoàn thiện dự thảo Chiến lược phát triển bưu chính giai đoạn 2026-2030', lead: 'VBC', assignee: 'chuyenvien.vbc', assignedDaysAgo: 30, deadlineInDays: 2, document: '01/CT-BTTTT', isKeyTask: true, progress: 70, coordinating: ['KHTC'] },
  { code: 'DEMO-VBC-02', title: 'Báo cáo tình hình triển khai mã bưu chính quốc gia', lead: 'VBC', assignee: 'chuyenvien.vbc', assignedDaysAgo: 25, deadlineInDays: -3, progress: 40 },
  { code: 'DEMO-VBC-03', title: 'Tổng hợp ý kiến góp ý dự thảo Thông tư về dịch vụ bưu chính công ích', lead: 'VBC', assignee: 'chuyenvien.vbc', assignedDaysAgo: 20, deadlineInDays: -5, completeAfter: 10 },
  { code: 'DEMO-VBC-04', title: 'Theo dõi, cập nhật số liệu sản lượng bưu gửi hằng tháng', lead: 'VBC', assignee: 'chuyenvien.vbc', assignedDaysAgo: 60, deadlineInDays: null },
  { code: 'DEMO-CNTT-01', title: 'Xây dựng Sách Trắng Công nghệ thông tin và Truyền thông năm 2026', lead: 'CNTT', assignee: 'chuyenvien.cntt', assignedDaysAgo: 40, deadlineInDays: 20, document: '01/CT-BTTTT', isKeyTask: true, progress: 35 },
  { code: 'DEMO-CNTT-02', title: 'Báo cáo chỉ số sẵn sàng phát triển và ứng dụng CNTT (ICT Index)', lead: 'CNTT', assignee: 'chuyenvien.cntt', assignedDaysAgo: 35, deadlineInDays: -10, completeAfter: 30 },
  { code: 'DEMO-VP-01', title: 'Chuẩn bị Hội nghị sơ kết công tác 6 tháng', lead: 'VP', assignedDaysAgo: 15, deadlineInDays: 10, document: '01/NQ-CP', isKeyTask: true },
  { code: 'DEMO-TTRA-01', title: 'Rà soát kế hoạch thanh tra năm', lead: 'TTRA', assignedDaysAgo: 12, deadlineInDays: 5 },
];

/**
 * Sub-tasks: the head of the lead unit splits a current task among their staff (POST /api/tasks with parentTaskId,
 * through TasksService.create like a user's request), a few days after it was assigned. Offsets as above; a sub-task's
 * deadline stays within its parent's.
 */
export const DEMO_SUB_TASKS: Array<{ parent: string; code: string; title: string; by: string; lead: string; assignee: string; deadlineInDays: number; progress?: number }> = [
  { parent: 'DEMO-CNTT-01', code: 'DEMO-CNTT-01.1', title: 'Thu thập số liệu doanh nghiệp CNTT cho Sách Trắng', by: 'vutruong.cntt', lead: 'CNTT', assignee: 'chuyenvien.cntt', deadlineInDays: 8, progress: 60 },
  { parent: 'DEMO-CNTT-01', code: 'DEMO-CNTT-01.2', title: 'Biên tập chương về chuyển đổi số của Sách Trắng', by: 'vutruong.cntt', lead: 'CNTT', assignee: 'chuyenvien.cntt', deadlineInDays: 15 },
];

/**
 * The discussion on some current tasks, posted through CommentsService after the task's progress note (the head of
 * the lead unit asks, mentioning the assignee; the assignee answers), so the timeline and the bell have something.
 */
export const DEMO_COMMENTS: Record<string, Array<{ author: string; body: string }>> = {
  'DEMO-VBC-01': [
    { author: 'vutruong.vbc', body: '@chuyenvien.vbc đề nghị bổ sung số liệu sản lượng năm 2025 vào phần đánh giá thực trạng, đối chiếu với Vụ Kế hoạch - Tài chính trước khi trình.' },
    { author: 'chuyenvien.vbc', body: 'Em đã bổ sung số liệu, sẽ gửi lại dự thảo để anh cho ý kiến trong ngày mai ạ.' },
  ],
  'DEMO-CNTT-01': [
    { author: 'vutruong.cntt', body: '@chuyenvien.cntt cần thống nhất số liệu doanh thu với Trung tâm Thông tin trước khi tổng hợp chương 2.' },
  ],
};

/**
 * Files on some current tasks, attached through AttachmentsService like an upload: a draft with the progress note, the
 * signed report as the completion's evidence, the scanned directive on the task itself.
 */
export const DEMO_FILES: Record<string, Array<{ uploader: string; name: string; lines: string[]; with: 'task' | 'progress' | 'completion' }>> = {
  'DEMO-VBC-01': [
    { uploader: 'vutruong.vbc', name: 'Chỉ thị 01-CT-BTTTT (bản quét).pdf', lines: ['CHI THI 01/CT-BTTTT', 'Ban quet de tham khao'], with: 'task' },
    { uploader: 'chuyenvien.vbc', name: 'Dự thảo Chiến lược phát triển bưu chính 2026-2030 (lần 2).pdf', lines: ['DU THAO CHIEN LUOC', 'Lan 2'], with: 'progress' },
  ],
  'DEMO-VBC-03': [
    { uploader: 'chuyenvien.vbc', name: 'Báo cáo tổng hợp ý kiến góp ý (đã ký).pdf', lines: ['BAO CAO TONG HOP Y KIEN', 'Da ky'], with: 'completion' },
  ],
};

/** A small valid PDF (one page, Helvetica, ASCII lines) for the demo's files. */
export function demoPdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 14 Tf 72 ${760 - i * 24} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
