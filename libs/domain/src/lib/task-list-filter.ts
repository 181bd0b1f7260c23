import { formatLocalDate } from './local-time';
import type { TaskStatus } from './task-status';

/** The status rule's names as the ministry writes them (the web app's vi catalogue says the same). */
export const TASK_STATUS_NAMES_VI: Record<TaskStatus, string> = {
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  in_progress_overdue: 'Đang thực hiện quá hạn',
  in_progress_on_track: 'Đang thực hiện trong hạn',
  no_deadline: 'Thường xuyên (không có hạn)',
  cancelled: 'Đã huỷ',
};

const CATEGORY_STATUS: Record<string, TaskStatus> = {
  completedOnTime: 'completed_on_time',
  completedLate: 'completed_late',
  inProgressOverdue: 'in_progress_overdue',
  inProgressOnTrack: 'in_progress_on_track',
  noDeadline: 'no_deadline',
};

const STATE_NAMES_VI: Record<string, string> = { open: 'Đang thực hiện', completed: 'Đã hoàn thành', cancelled: 'Đã huỷ' };

/** The task list's filter as its URL (web) and its query (API) carry it; paging and sorting are not filters. */
export interface TaskListFilterInput {
  unit?: string;
  includeSubunits?: boolean;
  scope?: 'oversight';
  period?: string;
  periodFrom?: string;
  periodTo?: string;
  category?: string;
  status?: readonly TaskStatus[];
  state?: readonly string[];
  assignee?: string;
  sourceDocument?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
  keyTask?: boolean;
  pendingExtension?: boolean;
  subTasks?: 'include' | 'only' | 'exclude';
  q?: string;
}

/** Names the caller knows for the ids in a filter (else the id is written as given). */
export interface TaskListFilterNames {
  unit?: (code: string) => string | null | undefined;
  /** `me` included: the caller's own name. */
  assignee?: (id: string) => string | null | undefined;
  document?: (id: string) => string | null | undefined;
  /** The units the caller oversees, for `scope=oversight` (empty: the whole ministry). */
  overseenUnits?: readonly string[];
}

/** One condition of the filter in words: what it is ("Đơn vị chủ trì") and its value ("Vụ Bưu chính (gồm cả …)"). */
export interface FilterLine {
  label: string;
  value: string;
}

/**
 * The task list's filter in words, one line per condition: the one description that the list's screen (the count
 * on its folded filter panel), its printed heading and its .xlsx export (written by the API) all use, so the same
 * filter reads the same, and counts the same, everywhere (issue 12: "Bộ lọc (4 đang dùng)" on screen but "3 điều
 * kiện" in the file, "gồm cả đơn vị trực thuộc" in one and not the other). A deadline range is one condition; a unit
 * includes its sub-units unless `includeSubunits` is false, as the list itself reads it.
 */
export function describeTaskListFilter(f: TaskListFilterInput, names: TaskListFilterNames = {}): FilterLine[] {
  const lines: FilterLine[] = [];
  const day = (d: string) => formatLocalDate(d);
  if (f.unit) lines.push({ label: 'Đơn vị chủ trì', value: `${names.unit?.(f.unit) ?? f.unit}${f.includeSubunits === false ? '' : ' (gồm cả đơn vị trực thuộc)'}` });
  if (f.scope === 'oversight') {
    const overseen = names.overseenUnits ?? [];
    lines.push({ label: 'Phạm vi', value: overseen.length ? `Khối phụ trách: ${overseen.join(', ')}` : 'Toàn Bộ' });
  }
  if (f.period) lines.push({ label: 'Kỳ báo cáo', value: `tháng ${f.period.slice(5)}/${f.period.slice(0, 4)}` });
  if (f.periodFrom && f.periodTo) lines.push({ label: 'Kỳ báo cáo', value: `từ ngày ${day(f.periodFrom)} đến ngày ${day(f.periodTo)}` });
  if (f.period || f.periodFrom) {
    const status = f.category ? CATEGORY_STATUS[f.category] : undefined;
    lines.push({ label: 'Nhóm', value: status ? TASK_STATUS_NAMES_VI[status] : 'Tất cả nhóm có hạn xử lý' });
  }
  if (f.status?.length) lines.push({ label: 'Tình trạng hiện nay', value: f.status.map((s) => TASK_STATUS_NAMES_VI[s]).join('; ') });
  if (f.state?.length) lines.push({ label: 'Trạng thái', value: f.state.map((s) => STATE_NAMES_VI[s] ?? s).join('; ') });
  if (f.assignee) lines.push({ label: 'Người thực hiện', value: names.assignee?.(f.assignee) ?? f.assignee });
  if (f.sourceDocument) lines.push({ label: 'Văn bản giao', value: names.document?.(f.sourceDocument) ?? f.sourceDocument });
  if (f.deadlineFrom || f.deadlineTo) {
    lines.push({ label: 'Hạn xử lý', value: [f.deadlineFrom && `từ ngày ${day(f.deadlineFrom)}`, f.deadlineTo && `đến ngày ${day(f.deadlineTo)}`].filter(Boolean).join(' ') });
  }
  if (f.keyTask !== undefined) lines.push({ label: 'Nhiệm vụ trọng tâm', value: f.keyTask ? 'Chỉ nhiệm vụ trọng tâm' : 'Không gồm nhiệm vụ trọng tâm' });
  if (f.pendingExtension !== undefined) lines.push({ label: 'Đề nghị gia hạn', value: f.pendingExtension ? 'Đang chờ xét' : 'Không có đề nghị chờ xét' });
  if (f.subTasks) lines.push({ label: 'Nhiệm vụ con', value: { include: 'Gồm cả nhiệm vụ con', only: 'Chỉ nhiệm vụ con', exclude: 'Không gồm nhiệm vụ con' }[f.subTasks] });
  if (f.q) lines.push({ label: 'Tìm kiếm', value: f.q });
  return lines;
}

/** The line above the conditions: "Bộ lọc: 3 điều kiện", or that nothing is filtered. */
export function filterSummaryLine(lines: readonly FilterLine[]): FilterLine {
  return { label: 'Bộ lọc', value: lines.length ? `${lines.length} điều kiện` : 'Không lọc: mọi nhiệm vụ được xem' };
}
