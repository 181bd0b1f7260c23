/**
 * The tasks of the ministry's headquarters units as they stood at the 1 July 2020 flag ceremony
 * (shared/domain/sources/002_57e24580dd4318bb.txt): 96 tasks handled in June 2020, of which 59 completed on time,
 * 5 completed late, 2 in progress overdue and 30 in progress within deadline. Titles follow the key tasks the
 * units were given that summer; dates are invented but every task's history happens as a user would enter it.
 */
export interface HistoricTask {
  code: string;
  unit: string;
  title: string;
  assignedOn: string;
  deadline: string | null;
  /** Local date-time of the completion report, if any (may be after June). */
  completedAt?: string;
  document?: string;
  isKeyTask?: boolean;
  /** Cancelled at this local date-time. */
  cancelledAt?: string;
}

type Kind = 'on_time' | 'late' | 'overdue' | 'on_track';

/** Per unit: on time, late, overdue, on track (96 in all: 59, 5, 2, 30). */
const MIX: Record<string, [number, number, number, number]> = {
  VP: [6, 0, 0, 2],
  VBC: [5, 1, 0, 2],
  TCCB: [5, 0, 0, 3],
  CNTT: [5, 1, 0, 2],
  KHCN: [5, 0, 1, 2],
  HTQT: [5, 0, 1, 2],
  QLDN: [5, 1, 0, 2],
  KHTC: [5, 0, 0, 3],
  PC: [5, 1, 0, 2],
  TDKT: [5, 0, 0, 3],
  TTRA: [4, 0, 0, 4],
  TTTT: [4, 1, 0, 3],
};

const TITLES: Record<string, string[]> = {
  VP: [
    'Chuẩn bị Hội nghị sơ kết công tác 6 tháng đầu năm 2020',
    'Theo dõi, đôn đốc thực hiện Chỉ thị số 01/CT-BTTTT',
    'Tổng hợp báo cáo giao ban tháng 6/2020',
    'Xây dựng lịch công tác tháng 7 của Lãnh đạo Bộ',
    'Rà soát quy chế làm việc của Bộ',
    'Báo cáo tình hình thực hiện nhiệm vụ Chính phủ giao',
    'Tổ chức đón tiếp đoàn công tác của Văn phòng Chính phủ',
    'Cập nhật hệ thống quản lý văn bản và điều hành',
  ],
  VBC: [
    'Hoàn thiện Chiến lược phát triển bưu chính giai đoạn 2021-2030',
    'Báo cáo tình hình thị trường bưu chính 6 tháng',
    'Góp ý dự thảo Thông tư về dịch vụ bưu chính công ích',
    'Rà soát mã bưu chính quốc gia',
    'Xây dựng đề án chuyển đổi số ngành bưu chính',
    'Kiểm tra chất lượng dịch vụ bưu chính công ích',
    'Tổng hợp số liệu sản lượng bưu gửi quý II',
    'Chuẩn bị nội dung làm việc với Tổng công ty Bưu điện Việt Nam',
  ],
  TCCB: [
    'Theo dõi việc sửa đổi Nghị định số 17/2017/NĐ-CP',
    'Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ năm 2021',
    'Rà soát quy hoạch cán bộ lãnh đạo giai đoạn 2021-2026',
    'Hoàn thiện đề án vị trí việc làm của các đơn vị',
    'Thẩm định hồ sơ bổ nhiệm lại cán bộ',
    'Báo cáo số lượng, chất lượng công chức 6 tháng',
    'Tổ chức thi nâng ngạch chuyên viên chính',
    'Sửa đổi quy định chức năng, nhiệm vụ các Vụ',
  ],
  CNTT: [
    'Xây dựng Sách Trắng Công nghệ thông tin và Truyền thông năm 2020',
    'Báo cáo chỉ số ICT Index năm 2020',
    'Hướng dẫn kiến trúc Chính phủ điện tử cấp bộ',
    'Đánh giá mức độ cung cấp dịch vụ công trực tuyến',
    'Góp ý khung pháp lý về định danh điện tử',
    'Tổng hợp tình hình triển khai trục liên thông văn bản',
    'Xây dựng bộ chỉ số chuyển đổi số cấp tỉnh',
    'Rà soát danh mục tiêu chuẩn kỹ thuật ứng dụng CNTT',
  ],
  KHCN: [
    'Xây dựng kế hoạch khoa học và công nghệ năm 2021',
    'Thẩm định nhiệm vụ khoa học cấp Bộ năm 2021',
    'Nghiệm thu đề tài nghiên cứu về mạng 5G',
    'Rà soát quy chuẩn kỹ thuật quốc gia về thiết bị vô tuyến',
    'Báo cáo kết quả thực hiện nhiệm vụ KH&CN 6 tháng',
    'Xây dựng tiêu chuẩn an toàn thông tin cho IoT',
    'Tổ chức hội đồng tuyển chọn nhiệm vụ KH&CN',
    'Góp ý Chiến lược phát triển KH&CN đến năm 2030',
  ],
  HTQT: [
    'Tổ chức Hội nghị trực tuyến ASEAN về phòng chống tin giả',
    'Chuẩn bị nội dung Hội nghị Bộ trưởng Số ASEAN',
    'Báo cáo hợp tác quốc tế 6 tháng đầu năm',
    'Đàm phán bản ghi nhớ hợp tác với Bộ Nội vụ và Truyền thông Nhật Bản',
    'Rà soát các điều ước quốc tế về viễn thông',
    'Xây dựng kế hoạch đoàn ra năm 2021',
    'Chuẩn bị tham gia Hội nghị ITU',
    'Tổng hợp cam kết hội nhập trong lĩnh vực TT&TT',
  ],
  QLDN: [
    'Chuyển giao quyền đại diện chủ sở hữu VTC về SCIC',
    'Giám sát tài chính doanh nghiệp nhà nước thuộc Bộ',
    'Báo cáo kết quả sản xuất kinh doanh 6 tháng của doanh nghiệp',
    'Thẩm định phương án cổ phần hóa',
    'Rà soát kế hoạch đầu tư phát triển của VNPT',
    'Đánh giá xếp loại doanh nghiệp năm 2019',
    'Theo dõi thoái vốn nhà nước tại doanh nghiệp',
    'Góp ý đề án tái cơ cấu Tổng công ty VTC',
  ],
  KHTC: [
    'Xây dựng kế hoạch đầu tư công trung hạn 2021-2025',
    'Lập dự toán ngân sách năm 2021',
    'Báo cáo giải ngân vốn đầu tư công 6 tháng',
    'Quyết toán ngân sách năm 2019',
    'Rà soát danh mục dự án sử dụng vốn ODA',
    'Hướng dẫn xây dựng kế hoạch tài chính 5 năm',
    'Kiểm tra công tác tài chính tại các đơn vị sự nghiệp',
    'Đề xuất phân bổ kinh phí chuyển đổi số',
  ],
  PC: [
    'Thẩm định dự thảo Nghị định sửa đổi Nghị định số 72/2013/NĐ-CP',
    'Xây dựng chương trình xây dựng văn bản QPPL năm 2021',
    'Rà soát văn bản quy phạm pháp luật 6 tháng',
    'Góp ý dự án Luật Giao dịch điện tử sửa đổi',
    'Kiểm tra văn bản QPPL do địa phương ban hành',
    'Báo cáo công tác phổ biến, giáo dục pháp luật',
    'Thẩm định dự thảo Thông tư về quản lý thông tin trên mạng',
    'Tổng hợp kiến nghị sửa đổi Luật Báo chí',
  ],
  TDKT: [
    'Khen thưởng tập thể, cá nhân có thành tích phòng, chống dịch Covid-19',
    'Phát động phong trào thi đua năm 2020',
    'Tổng hợp hồ sơ đề nghị Cờ thi đua của Chính phủ',
    'Sơ kết công tác thi đua, khen thưởng 6 tháng',
    'Thẩm định hồ sơ Bằng khen của Bộ trưởng',
    'Xây dựng tiêu chí chấm điểm thi đua khối',
    'Tổ chức lễ tuyên dương điển hình tiên tiến',
    'Rà soát quy chế thi đua, khen thưởng của Bộ',
  ],
  TTRA: [
    'Rà soát kế hoạch thanh tra năm 2020',
    'Thanh tra chuyên ngành về quản lý tần số',
    'Giải quyết khiếu nại, tố cáo tồn đọng',
    'Báo cáo công tác phòng, chống tham nhũng 6 tháng',
    'Kiểm tra xử lý tin nhắn rác',
    'Thanh tra việc chấp hành pháp luật về báo chí',
    'Tổng hợp kết quả xử phạt vi phạm hành chính',
    'Xây dựng kế hoạch thanh tra năm 2021',
  ],
  TTTT: [
    'Đăng tải chỉ đạo, điều hành của Bộ trên Cổng thông tin điện tử',
    'Nâng cấp Cổng thông tin điện tử của Bộ',
    'Tổng hợp thông tin báo chí phản ánh hằng ngày',
    'Xây dựng chuyên mục chuyển đổi số trên Cổng',
    'Báo cáo lượt truy cập Cổng thông tin 6 tháng',
    'Cập nhật cơ sở dữ liệu văn bản pháp luật',
    'Hỗ trợ truyền hình trực tuyến Hội nghị sơ kết',
    'Rà soát an toàn thông tin Cổng thông tin điện tử',
  ],
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The 96 tasks of June 2020, then a few that the rule must leave out (completed in May, cancelled, July). */
export function june2020Tasks(): HistoricTask[] {
  const tasks: HistoricTask[] = [];
  let n = 0;
  for (const [unit, mix] of Object.entries(MIX)) {
    const kinds: Kind[] = [
      ...Array<Kind>(mix[0]).fill('on_time'),
      ...Array<Kind>(mix[1]).fill('late'),
      ...Array<Kind>(mix[2]).fill('overdue'),
      ...Array<Kind>(mix[3]).fill('on_track'),
    ];
    kinds.forEach((kind, i) => {
      n++;
      const day = 1 + ((n * 7) % 20); // spread over the month
      const base = { code: `2020-${unit}-${pad(i + 1)}`, unit, title: TITLES[unit][i], isKeyTask: i === 0, document: i % 3 === 1 ? '01/CT-BTTTT' : undefined };
      switch (kind) {
        case 'on_time':
          // Assigned in May or early June, due in June, reported done a few days before the deadline.
          tasks.push({ ...base, assignedOn: `2020-05-${pad(5 + (n % 20))}`, deadline: `2020-06-${pad(day + 8)}`, completedAt: `2020-06-${pad(day + 5)}T16:30:00` });
          break;
        case 'late':
          tasks.push({ ...base, assignedOn: `2020-05-${pad(10 + (n % 15))}`, deadline: `2020-06-${pad(day)}`, completedAt: `2020-06-${pad(day + 4)}T10:00:00` });
          break;
        case 'overdue':
          // Still open on 30/06 though due on the 25th; finished in July (late).
          tasks.push({ ...base, assignedOn: '2020-06-01', deadline: '2020-06-25', completedAt: '2020-07-08T15:00:00' });
          break;
        case 'on_track':
          // Due in July; about half finished in July.
          tasks.push({ ...base, assignedOn: `2020-06-${pad(day)}`, deadline: `2020-07-${pad(10 + (n % 20))}`, completedAt: n % 2 ? `2020-07-${pad(5 + (n % 5))}T09:00:00` : undefined, isKeyTask: true });
          break;
      }
    });
  }
  // Handled outside June: the report must leave these out.
  tasks.push({ code: '2020-VP-MAY', unit: 'VP', title: 'Báo cáo giao ban tháng 5/2020', assignedOn: '2020-05-04', deadline: '2020-05-29', completedAt: '2020-05-28T17:00:00' });
  tasks.push({ code: '2020-KHTC-HUY', unit: 'KHTC', title: 'Khảo sát trụ sở làm việc (huỷ do dịch Covid-19)', assignedOn: '2020-06-02', deadline: '2020-06-30', cancelledAt: '2020-06-15T10:00:00' });
  tasks.push({ code: '2020-CNTT-JUL', unit: 'CNTT', title: 'Chuẩn bị Ngày Chuyển đổi số', assignedOn: '2020-07-02', deadline: '2020-07-31' });
  tasks.push({ code: '2020-VP-TX', unit: 'VP', title: 'Trực ban, tổng hợp thông tin hằng ngày', assignedOn: '2020-01-02', deadline: null });
  return tasks;
}
