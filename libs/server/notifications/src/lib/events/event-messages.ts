import type { TaskEventKind } from '@tiendo/contracts';
import { formatLocalDate, isLocalDate } from '@tiendo/domain';

/** What a message needs of the task, as it stands at dispatch time. */
export interface MessageTask {
  id: string;
  code: string;
  title: string;
  deadline: string | null;
  leadUnitCode: string;
  leadUnitName: string;
}

/**
 * Why a recipient gets an event: as the task's assignee, as a head of its (new) lead unit, as a follower (the
 * assigner and the watchers), as someone a comment mentions, or as the assignee the task was taken away from.
 */
export type RecipientRole = 'assignee' | 'unit_head' | 'follower' | 'mentioned' | 'former_assignee';

const day = (value: unknown): string => (typeof value === 'string' && isLocalDate(value) ? formatLocalDate(value) : '');
const deadlineText = (d: string | null) => (d ? `, hạn xử lý ${formatLocalDate(d)}` : '');

/**
 * The Vietnamese title and body of one event for one recipient. `actor` is the full name of whoever acted (null:
 * the system). Texts name the task by its register code and title, never anything the recipient may not read.
 */
export function eventMessage(
  kind: TaskEventKind,
  role: RecipientRole,
  task: MessageTask,
  actor: string | null,
  payload: Record<string, unknown>,
): { title: string; body: string } {
  const who = actor ?? 'Hệ thống';
  const t = `"${task.title}"`;
  switch (kind) {
    case 'assigned':
      return role === 'unit_head'
        ? { title: `Đơn vị được giao nhiệm vụ: ${task.code}`, body: `${task.leadUnitName} được giao chủ trì nhiệm vụ ${t}${deadlineText(task.deadline)}.` }
        : { title: `Bạn được giao nhiệm vụ: ${task.code}`, body: `${who} giao cho bạn nhiệm vụ ${t}${deadlineText(task.deadline)}.` };
    case 'reassigned':
      if (role === 'former_assignee') return { title: `Nhiệm vụ đã chuyển cho người khác: ${task.code}`, body: `Nhiệm vụ ${t} không còn giao cho bạn.` };
      if (role === 'unit_head') return { title: `Đơn vị được giao nhiệm vụ: ${task.code}`, body: `Nhiệm vụ ${t} được chuyển cho ${task.leadUnitName} chủ trì${deadlineText(task.deadline)}.` };
      return { title: `Bạn được giao nhiệm vụ: ${task.code}`, body: `${who} chuyển cho bạn nhiệm vụ ${t}${deadlineText(task.deadline)}.` };
    case 'deadline_changed':
      return { title: `Thay đổi hạn xử lý: ${task.code}`, body: `Hạn xử lý nhiệm vụ ${t} đổi${day(payload['fromDeadline']) ? ` từ ${day(payload['fromDeadline'])}` : ''} thành ${day(payload['toDeadline']) || (task.deadline ? formatLocalDate(task.deadline) : 'không có hạn')}.` };
    case 'extension_requested':
      return { title: `Đề nghị gia hạn: ${task.code}`, body: `${who} đề nghị gia hạn nhiệm vụ ${t}${day(payload['requestedDeadline']) ? ` đến ${day(payload['requestedDeadline'])}` : ''}.` };
    case 'extension_decided':
      return payload['approved']
        ? { title: `Đồng ý gia hạn: ${task.code}`, body: `${who} đồng ý gia hạn nhiệm vụ ${t}${day(payload['toDeadline']) ? ` đến ${day(payload['toDeadline'])}` : ''}.` }
        : { title: `Không đồng ý gia hạn: ${task.code}`, body: `${who} không đồng ý gia hạn nhiệm vụ ${t}; hạn xử lý giữ nguyên${deadlineText(task.deadline)}.` };
    case 'completion_reported':
      return { title: `Báo cáo hoàn thành: ${task.code}`, body: `${who} báo cáo đã hoàn thành nhiệm vụ ${t}.` };
    case 'completion_returned':
      return { title: `Trả lại để làm lại: ${task.code}`, body: `${who} trả lại báo cáo hoàn thành nhiệm vụ ${t}; đề nghị tiếp tục thực hiện.` };
    case 'reopened':
      return { title: `Mở lại nhiệm vụ: ${task.code}`, body: `${who} mở lại nhiệm vụ ${t}${deadlineText(task.deadline)}.` };
    case 'cancelled':
      return { title: `Huỷ nhiệm vụ: ${task.code}`, body: `${who} huỷ nhiệm vụ ${t}.` };
    case 'progress_reported':
      return { title: `Cập nhật tiến độ: ${task.code}`, body: `${who} cập nhật tiến độ nhiệm vụ ${t}${typeof payload['percent'] === 'number' ? `: ${payload['percent']}%` : ''}.` };
    case 'comment_added':
      return role === 'mentioned'
        ? { title: `${who} nhắc đến bạn: ${task.code}`, body: `${who} nhắc đến bạn trong bình luận về nhiệm vụ ${t}.` }
        : { title: `Bình luận mới: ${task.code}`, body: `${who} bình luận về nhiệm vụ ${t}.` };
    case 'attachment_added':
      return { title: `Tệp mới: ${task.code}`, body: `${who} đính kèm tệp vào nhiệm vụ ${t}.` };
  }
}

/** What a burst is about, in the title's words. */
const BURST_WORDS: Record<TaskEventKind, string> = {
  assigned: 'nhiệm vụ mới được giao',
  reassigned: 'nhiệm vụ được chuyển giao',
  deadline_changed: 'nhiệm vụ thay đổi hạn xử lý',
  extension_requested: 'đề nghị gia hạn',
  extension_decided: 'quyết định về đề nghị gia hạn',
  completion_reported: 'báo cáo hoàn thành',
  completion_returned: 'nhiệm vụ bị trả lại để làm lại',
  reopened: 'nhiệm vụ được mở lại',
  cancelled: 'nhiệm vụ bị huỷ',
  progress_reported: 'cập nhật tiến độ',
  comment_added: 'bình luận mới',
  attachment_added: 'tệp mới',
};

/**
 * One notification for many events of one kind (an import of 300 tasks, a head approving a pile of extensions):
 * the count is in the title; the link opens the list of those tasks rather than any one of them.
 */
export function burstMessage(kind: TaskEventKind, count: number, unitName: string, actor: string | null): { title: string; body: string } {
  return {
    title: `${count} ${BURST_WORDS[kind]}: ${unitName}`,
    body: `${actor ?? 'Hệ thống'}: ${count} ${BURST_WORDS[kind]} (đơn vị chủ trì ${unitName}). Mở danh sách để xem từng nhiệm vụ.`,
  };
}

/** The daily digest e-mail of one user (what they chose to receive as a digest), with a link to each notification's task. */
export function digestMessage(dayLabel: string, items: Array<{ title: string; body: string; link: string | null }>, publicUrl: string): { title: string; body: string; link: string } {
  const shown = items.slice(0, 100);
  const lines = shown.map((i) => `- ${i.title}\n  ${i.body}${i.link ? `\n  ${i.link}` : ''}`);
  if (items.length > shown.length) lines.push(`… và ${items.length - shown.length} thông báo khác.`);
  return {
    title: `Tổng hợp thông báo ngày ${dayLabel}: ${items.length} thông báo`,
    body: `Các thông báo về nhiệm vụ trong ngày ${dayLabel}:\n\n${lines.join('\n\n')}`,
    link: `${publicUrl.replace(/\/$/, '')}/thong-bao`,
  };
}

/** One notification for many events of one kind on one task (50 files uploaded in a row); the link opens the task. */
export function taskBurstMessage(kind: TaskEventKind, count: number, task: MessageTask, actor: string | null): { title: string; body: string } {
  return {
    title: `${count} ${BURST_WORDS[kind]}: ${task.code}`,
    body: `${actor ?? 'Hệ thống'}: ${count} ${BURST_WORDS[kind]} ở nhiệm vụ "${task.title}".`,
  };
}

/**
 * One notification for an assignee many tasks were taken from at once (a bulk reassignment): the count only, no
 * task named and no link, since they may no longer read those tasks.
 */
export function formerAssigneeBurstMessage(count: number, actor: string | null): { title: string; body: string } {
  return {
    title: `${count} nhiệm vụ đã chuyển cho người khác`,
    body: `${actor ?? 'Hệ thống'} chuyển ${count} nhiệm vụ của bạn cho người khác; các nhiệm vụ này không còn giao cho bạn.`,
  };
}
