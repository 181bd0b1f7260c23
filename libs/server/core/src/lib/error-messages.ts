import { HttpStatus } from '@nestjs/common';
import type { ErrorCode } from '@tiendo/contracts';

/**
 * How the API answers each code of `ERROR_CODES` (libs/contracts): its HTTP status, the code the body carries
 * (`family`: a field-only rule answers VALIDATION_FAILED or DUPLICATE and names itself as the field's `rule`), and its
 * Vietnamese message. `{name}` in a message is filled from the throw site's `params`. The web app does not show these
 * messages: it translates the code; they are for whoever reads the API directly, and they must be Vietnamese
 * (a test checks every one, and every error message written at a throw site).
 */
export interface ErrorEntry {
  status: HttpStatus;
  family?: 'VALIDATION_FAILED' | 'DUPLICATE';
  message: string;
}

const field = (message: string): ErrorEntry => ({ status: HttpStatus.BAD_REQUEST, family: 'VALIDATION_FAILED', message });
const taken = (message: string): ErrorEntry => ({ status: HttpStatus.CONFLICT, family: 'DUPLICATE', message });
const rule = (message: string): ErrorEntry => ({ status: HttpStatus.UNPROCESSABLE_ENTITY, message });

export const ERROR_ENTRIES: { readonly [C in ErrorCode]: ErrorEntry } = {
  VALIDATION_FAILED: { status: HttpStatus.BAD_REQUEST, message: 'Dữ liệu chưa hợp lệ: xem lỗi của từng trường' },
  BAD_REQUEST: { status: HttpStatus.BAD_REQUEST, message: 'Yêu cầu không hợp lệ' },
  UNAUTHENTICATED: { status: HttpStatus.UNAUTHORIZED, message: 'Cần đăng nhập lại' },
  FORBIDDEN: { status: HttpStatus.FORBIDDEN, message: 'Bạn không có quyền thực hiện thao tác này' },
  NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: 'Không tìm thấy {what}, hoặc bạn không có quyền xem' },
  METHOD_NOT_ALLOWED: { status: HttpStatus.METHOD_NOT_ALLOWED, message: 'Thao tác không được hỗ trợ' },
  CONFLICT: { status: HttpStatus.CONFLICT, message: 'Dữ liệu đã tồn tại' },
  VERSION_CONFLICT: { status: HttpStatus.CONFLICT, message: 'Nhiệm vụ vừa được người khác cập nhật; hãy tải lại rồi thực hiện lại' },
  DUPLICATE: { status: HttpStatus.CONFLICT, message: 'Đã có bản ghi với giá trị này' },
  PAYLOAD_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE, message: 'Dữ liệu gửi lên quá lớn' },
  UNSUPPORTED_MEDIA_TYPE: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: 'Định dạng dữ liệu không được hỗ trợ' },
  INVALID_STATE: rule('Không thể thực hiện với tình trạng hiện tại'),
  IMPORT_INVALID: rule('Tệp có lỗi; chưa có dữ liệu nào được ghi'),
  IMPORT_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE, message: 'Tệp vượt giới hạn của sổ theo dõi; chưa có dữ liệu nào được ghi' },
  IMPORT_NEW_DOCUMENTS: rule('Tệp nêu văn bản giao nhiệm vụ chưa có trong hệ thống; hãy xác nhận tạo mới các văn bản này rồi nhập lại'),
  TOO_MANY_REQUESTS: { status: HttpStatus.TOO_MANY_REQUESTS, message: 'Quá nhiều yêu cầu; hãy thử lại sau ít phút' },
  SIGN_IN_THROTTLED: { status: HttpStatus.TOO_MANY_REQUESTS, message: 'Nhập sai mật khẩu quá nhiều lần; hãy thử lại sau {wait}' },
  INTERNAL_ERROR: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Máy chủ gặp lỗi; khi báo lỗi, hãy gửi kèm mã tương quan (correlationId)' },
  QUEUE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Máy chủ hàng đợi (Redis) không trả lời; nhắc việc sẽ tiếp tục khi máy chủ hoạt động lại' },
  HEADERS_TOO_LARGE: { status: 431 as HttpStatus, message: 'Phần đầu của yêu cầu (header, cookie) quá lớn' },
  REQUEST_TIMEOUT: { status: HttpStatus.REQUEST_TIMEOUT, message: 'Yêu cầu không được gửi đủ trong thời gian cho phép; hãy thử lại' },
  SERVER_BUSY: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Máy chủ đang bận; hãy thử lại sau giây lát' },
  DATABASE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Tạm thời không kết nối được cơ sở dữ liệu; chưa có gì được ghi, hãy thử lại sau ít phút' },
  OIDC_NOT_CONFIGURED: rule('Hệ thống chưa cấu hình đăng nhập bằng tài khoản Bộ (OpenID Connect: OIDC_ISSUER chưa được đặt)'),
  OIDC_PROVIDER_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Không kết nối được cổng đăng nhập của Bộ; hãy thử lại sau ít phút' },
  OIDC_SIGN_IN_FAILED: { status: HttpStatus.UNAUTHORIZED, message: 'Cổng đăng nhập của Bộ không xác nhận lần đăng nhập này; hãy đăng nhập lại' },
  OIDC_STATE_INVALID: field('Lần đăng nhập này đã hết hạn hoặc đã được dùng; hãy bấm đăng nhập lại'),
  OIDC_ACCOUNT_NOT_ALLOWED: { status: HttpStatus.FORBIDDEN, message: 'Tài khoản {username} không được đăng nhập bằng tài khoản Bộ: {reason}' },
  ERROR: { status: HttpStatus.BAD_REQUEST, message: 'Đã có lỗi xảy ra' },

  LEAD_UNIT_OUT_OF_SCOPE: { status: HttpStatus.FORBIDDEN, message: 'Bạn chỉ được giao hoặc chuyển nhiệm vụ cho đơn vị mình và các đơn vị trực thuộc' },
  ASSIGNED_ON_IN_FUTURE: rule('Ngày giao không được sau ngày hôm nay'),
  ASSIGNED_ON_BEFORE_MONTH: rule('Nhiệm vụ nhập tay được giao trong tháng hiện tại; nhiệm vụ giao từ các tháng trước được ghi bằng cách nhập sổ theo dõi'),
  DEADLINE_BEFORE_ASSIGNMENT: rule('Hạn xử lý không được trước ngày giao'),
  UNIT_INACTIVE: rule('Đơn vị {code} đã ngừng hoạt động'),
  ASSIGNEE_INACTIVE: rule('Người được giao đã bị khoá tài khoản'),
  ASSIGNEE_OUTSIDE_UNIT: rule('Người được giao phải thuộc đơn vị chủ trì hoặc một đơn vị trực thuộc'),
  TASK_CODE_TAKEN: taken('Mã nhiệm vụ {code} đã được dùng'),
  UNKNOWN_UNIT: field('Không có đơn vị mã {code}'),
  UNKNOWN_USER: field('Không có người dùng này'),
  UNKNOWN_DOCUMENT: field('Không có văn bản này'),
  LEAD_UNIT_COORDINATING: field('Đơn vị chủ trì không đồng thời là đơn vị phối hợp'),
  OVERSIGHT_LEADERS_ONLY: rule('Chỉ lãnh đạo Bộ (vai trò lãnh đạo) mới được giao phụ trách khối đơn vị'),

  TASK_ALREADY_COMPLETED: rule('Nhiệm vụ đã hoàn thành; muốn tiếp tục, người quản lý nhiệm vụ trả lại hoặc mở lại nhiệm vụ'),
  TASK_CANCELLED: rule('Nhiệm vụ đã bị huỷ; muốn tiếp tục, người quản lý nhiệm vụ mở lại nhiệm vụ'),
  TASK_NOT_COMPLETED: rule('Chỉ trả lại được nhiệm vụ đã báo cáo hoàn thành'),
  TASK_ALREADY_OPEN: rule('Nhiệm vụ đang được thực hiện, không cần mở lại'),
  TASK_HAS_NO_DEADLINE: rule('Nhiệm vụ thường xuyên không có hạn xử lý để gia hạn'),
  EXTENSION_NOT_LATER: rule('Hạn đề nghị phải sau hạn xử lý hiện tại'),
  EXTENSION_ALREADY_PENDING: rule('Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định'),
  EXTENSION_ALREADY_DECIDED: rule('Đề nghị gia hạn này đã được quyết định'),
  OWN_EXTENSION_DECISION: { status: HttpStatus.FORBIDDEN, message: 'Đề nghị gia hạn do người khác quyết định, không phải người đã đề nghị' },
  UNKNOWN_PARENT_TASK: field('Không có nhiệm vụ cha này, hoặc bạn không có quyền xem'),
  SUBTASK_OF_SUBTASK: rule('Nhiệm vụ con không được chia tiếp: chọn nhiệm vụ cha là nhiệm vụ được giao'),
  PARENT_TASK_CLOSED: rule('Nhiệm vụ cha đã hoàn thành hoặc đã bị huỷ, không giao thêm nhiệm vụ con'),
  SUBTASK_NOT_ALLOWED: { status: HttpStatus.FORBIDDEN, message: 'Chỉ người quản lý nhiệm vụ, hoặc lãnh đạo đơn vị được giao nhiệm vụ, mới được chia nhiệm vụ con' },
  SUBTASK_UNIT_OUTSIDE_PARENT: rule('Đơn vị chủ trì nhiệm vụ con phải là đơn vị chủ trì nhiệm vụ cha hoặc đơn vị trực thuộc'),
  SUBTASK_DEADLINE_AFTER_PARENT: rule('Hạn xử lý của nhiệm vụ con không được sau hạn của nhiệm vụ cha ({deadline})'),
  SUBTASKS_OPEN: rule('Còn {count} nhiệm vụ con chưa xong ({codes}): chọn hoàn thành hoặc huỷ các nhiệm vụ con (openSubTasks)'),
  SUBTASKS_NOT_YOURS: { status: HttpStatus.FORBIDDEN, message: 'Bạn không có quyền {action} các nhiệm vụ con {codes}; chưa ghi gì. Người quản lý các nhiệm vụ con này cần xử lý chúng trước' },
  SUBTASKS_NEED_FILE: rule('Nhiệm vụ con {codes} cần kèm tệp minh chứng khi hoàn thành; chưa ghi gì. Hãy báo cáo hoàn thành từng nhiệm vụ con này kèm tệp, hoặc chọn huỷ các nhiệm vụ con'),
  PARENT_TASK_OVERDUE: rule('Nhiệm vụ đã quá hạn (hạn {deadline}): gia hạn hoặc điều chỉnh hạn nhiệm vụ trước khi chia nhỏ'),

  EXPORT_TOO_LARGE: rule('Danh sách có {total} nhiệm vụ, vượt giới hạn {max} nhiệm vụ của một lần xuất; hãy lọc bớt rồi xuất lại'),
  SAVED_FILTER_NAME_TAKEN: taken('Bạn đã có bộ lọc tên "{name}"'),
  SAVED_FILTER_INVALID: field('Bộ lọc không hợp lệ: {reason}'),
  CATEGORY_NEEDS_PERIOD: field('Lọc theo nhóm cần có kỳ báo cáo (period, hoặc periodFrom và periodTo)'),
  PERIOD_RANGE_INCOMPLETE: field('periodFrom và periodTo phải đi cùng nhau'),
  PERIOD_AMBIGUOUS: field('Chỉ chọn một: period, hoặc periodFrom và periodTo'),
  MONTH_RANGE_REVERSED: field('Tháng kết thúc không được trước tháng bắt đầu'),
  MONTH_OR_RANGE: field('Chọn một tháng (month), hoặc từ tháng (from) đến tháng (to)'),
  MONTH_RANGE_TOO_LONG: field('Khoảng thời gian tối đa {max} tháng'),
  DAY_RANGE_REVERSED: field('Ngày kết thúc không được trước ngày bắt đầu'),

  UNIT_CODE_TAKEN: taken('Mã đơn vị {code} đã được dùng'),
  UNIT_MOVE_CYCLE: rule('Không thể chuyển một đơn vị vào dưới chính nó hoặc đơn vị trực thuộc của nó'),
  USERNAME_TAKEN: taken('Tên đăng nhập {username} đã có người dùng'),
  LAST_ADMIN: rule('Không thể hạ quyền hoặc khoá quản trị viên cuối cùng còn hoạt động'),
  LAST_LOCAL_ADMIN: rule('Quản trị viên cuối cùng đăng nhập bằng mật khẩu của hệ thống phải giữ cách đăng nhập này (để vẫn vào được khi máy chủ thư mục ngừng)'),
  DIRECTORY_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Máy chủ thư mục (LDAP / Active Directory) không trả lời; hãy thử lại sau ít phút hoặc báo quản trị hệ thống' },
  DIRECTORY_NO_MAPPING: { status: HttpStatus.FORBIDDEN, message: 'Tài khoản thư mục chưa được gán đơn vị trong hệ thống; hãy báo quản trị hệ thống thêm quy tắc ánh xạ' },
  DIRECTORY_NOT_CONFIGURED: rule('Hệ thống chưa kết nối máy chủ thư mục (LDAP_URL chưa được đặt)'),
  MAPPING_RULE_ATTRIBUTE: field('Quy tắc theo thuộc tính cần tên thuộc tính; quy tắc theo nhóm không có tên thuộc tính'),
  MAPPING_RULE_EMPTY: field('Quy tắc phải gán đơn vị, vai trò, hoặc cả hai'),
  MAPPING_RULE_ORDER: field('Thứ tự mới phải liệt kê mỗi quy tắc đúng một lần'),
  DOCUMENT_NUMBER_TAKEN: taken('Văn bản số {number} đã có'),
  HOLIDAY_TAKEN: taken('Ngày {date} đã là ngày nghỉ'),

  UNIT_CHANGE_IN_FUTURE: rule('Ngày hiệu lực không được sau ngày hôm nay: sáp nhập, chia tách được ghi vào hoặc sau ngày hiệu lực'),
  UNIT_CHANGE_BEFORE_MONTH: rule('Ngày hiệu lực phải trong tháng hiện tại: số liệu các tháng đã qua là số liệu đã báo cáo'),
  UNIT_HAS_SUBUNITS: rule('Đơn vị {code} còn đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc sáp nhập các đơn vị trực thuộc trước'),
  UNIT_CHANGE_SUCCESSOR_INVALID: field('Đơn vị kế thừa {code} không hợp lệ: không được là đơn vị bị sáp nhập, chia tách, đơn vị trực thuộc của chúng hoặc đơn vị đã ngừng hoạt động'),
  UNIT_CHANGE_SUCCESSOR_CHOICE: field('Chọn đúng một: đơn vị kế thừa đã có (successorUnitCode) hoặc đơn vị kế thừa mới (newSuccessorUnit)'),
  UNIT_CHANGE_TASK_NOT_IN_SOURCE: field('Nhiệm vụ này không phải nhiệm vụ đang thực hiện do đơn vị {code} chủ trì'),
  UNIT_CHANGE_USER_NOT_IN_SOURCE: field('Người dùng này không thuộc đơn vị {code}'),
  UNIT_CHANGE_UNKNOWN_SUCCESSOR: field('Đơn vị {code} không nằm trong các đơn vị kế thừa của lần chia tách này'),
  OBLIGATION_END_BEFORE_REPORTS: rule('Kỳ {period} đã có nhiệm vụ báo cáo (chốt số liệu ngày {cutOff}): ngày kết thúc chế độ báo cáo không được trước ngày chốt số liệu đó'),

  PASSWORD_TOO_SHORT: field('Mật khẩu phải có ít nhất {min} ký tự'),
  PASSWORD_TOO_LONG: field('Mật khẩu dài tối đa {max} ký tự'),
  PASSWORD_TOO_COMMON: field('Mật khẩu quá phổ biến hoặc dễ đoán (có trong danh sách mật khẩu bị lộ, là từ thông dụng, tên, năm sinh hay chuỗi phím liền nhau); hãy dùng một cụm từ dài hơn'),
  PASSWORD_CONTAINS_NAME: field('Mật khẩu không được chứa tên đăng nhập hoặc họ tên'),
  CURRENT_PASSWORD_WRONG: field('Mật khẩu hiện tại không đúng'),
  SECOND_FACTOR_CODE_WRONG: field('Mã xác thực không đúng hoặc đã được dùng'),
  SECOND_FACTOR_CHALLENGE_INVALID: { status: HttpStatus.UNAUTHORIZED, message: 'Phiên đăng nhập đã hết hạn; hãy nhập lại mật khẩu' },
  SECOND_FACTOR_ALREADY_ENROLLED: rule('Tài khoản đã bật xác thực hai bước'),
  SECOND_FACTOR_NOT_ENROLLED: rule('Tài khoản chưa bật xác thực hai bước'),
  SECOND_FACTOR_REQUIRED: rule('Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt'),

  BODY_TOO_DEEP: field('Dữ liệu lồng nhau quá {max} cấp'),
  UNKNOWN_EVENT_KIND: field('Không có loại sự kiện "{kind}"'),
  UNKNOWN_DELIVERY: field('Cách nhận thông báo phải là một trong: trong phần mềm (in_app), e-mail ngay (email), e-mail tổng hợp hằng ngày (digest), tắt (off)'),

  ATTACHMENT_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE, message: 'Tệp đính kèm lớn hơn {max} MB; chưa ghi gì' },
  ATTACHMENT_TYPE_NOT_ALLOWED: rule('Loại tệp không được phép hoặc đuôi tên tệp không khớp nội dung; được phép: {types}'),
  ATTACHMENT_LIMIT_REACHED: rule('Nhiệm vụ đã có {max} tệp đính kèm, là số tối đa; hãy xoá bớt tệp không cần'),
  ATTACHMENT_NAME_INVALID: field('Tên tệp trống hoặc chứa ký tự điều khiển, ký tự đổi chiều văn bản'),
  ATTACHMENT_NAME_TOO_LONG: field('Tên tệp dài quá {max} ký tự; hãy đổi tên tệp ngắn hơn rồi tải lên lại'),
  ATTACHMENT_EMPTY: field('Tệp rỗng (0 byte); hãy chọn tệp có nội dung'),
  ATTACHMENT_IS_EVIDENCE: rule('Tệp là minh chứng của báo cáo hoàn thành và đơn vị yêu cầu có tệp minh chứng; chỉ xoá được sau khi báo cáo bị trả lại hoặc nhiệm vụ được mở lại'),
  ATTACHMENT_NOT_ON_TASK: field('Tệp đính kèm không thuộc nhiệm vụ này, đã bị xoá hoặc đã gắn với nội dung khác'),
  ATTACHMENT_RESTORE_EXPIRED: rule('Tệp đã bị xoá quá {days} ngày, không khôi phục được nữa'),
  ATTACHMENT_NOT_DELETED: rule('Tệp đính kèm chưa bị xoá, không cần khôi phục'),
  COMPLETION_NEEDS_FILE: rule('Báo cáo hoàn thành nhiệm vụ này cần kèm ít nhất một tệp minh chứng'),
  EVIDENCE_RULE_TARGET: field('Chọn đúng một: mã đơn vị (unitCode) hoặc loại văn bản (documentType)'),
  STORAGE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Kho lưu tệp không trả lời hoặc thiếu tệp; chưa ghi gì. Hãy thử lại sau ít phút, nếu vẫn lỗi hãy báo quản trị viên' },

  MENTION_NOT_ALLOWED: rule('Không thể nhắc đến @{username}: không có người dùng này, tài khoản đã bị khoá, hoặc người này không được xem nhiệm vụ'),
  COMMENT_EDIT_WINDOW_CLOSED: rule('Chỉ sửa được bình luận trong {minutes} phút sau khi gửi'),
  COMMENT_NOT_OWN: { status: HttpStatus.FORBIDDEN, message: 'Chỉ người viết mới được sửa bình luận; chỉ người viết hoặc quản trị viên mới được xoá' },
  COMMENT_DELETED: rule('Bình luận đã bị xoá'),

  API_TOKEN_SCOPE: { status: HttpStatus.FORBIDDEN, message: 'Mã truy cập (API token) không được dùng cho chức năng này' },
  API_TOKEN_UNIT: { status: HttpStatus.FORBIDDEN, message: 'Mã truy cập (API token) không được thao tác trên đơn vị {code}' },
  EXPIRY_TOO_FAR: field('Ngày hết hạn phải sau hôm nay và không quá {max} ngày'),
  WEBHOOK_URL_INVALID: field('Địa chỉ nhận phải là http(s), có tên máy chủ và không chứa tên đăng nhập, mật khẩu'),
  WEBHOOK_ADDRESS_NOT_ALLOWED: field('Địa chỉ nhận không được trỏ vào chính máy chủ, mạng link-local (dịch vụ metadata của đám mây), multicast hay dải dự trữ'),
  DOCUMENT_CONFLICT: { status: HttpStatus.CONFLICT, message: 'Văn bản số {number} của {issuer} đã được nhận với nội dung khác' },
};

/** Words for a message's `{name}` when the throw site gives none. */
const DEFAULT_PARAMS: Record<string, string> = { what: 'dữ liệu yêu cầu', code: '', max: '', wait: 'ít phút' };

/** The Vietnamese message of `code`, with `{name}` filled from `params`. */
export function errorMessage(code: ErrorCode, params: Record<string, string | number> = {}): string {
  const all = { ...DEFAULT_PARAMS, ...params };
  return ERROR_ENTRIES[code].message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in all ? String(all[name]) : whole)).replace(/ {2,}/g, ' ').trim();
}

/** Letters only Vietnamese writes (vowels with their marks, đ): a message without one is not Vietnamese. */
export const VIETNAMESE_LETTER = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
