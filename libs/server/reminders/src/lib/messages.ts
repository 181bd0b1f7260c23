import { BriefingReport } from '@tiendo/contracts';
import { DueReminder, formatLocalDate, LocalDate } from '@tiendo/domain';

/** Vietnamese texts of the reminders; one place for their wording. */
export interface TaskRef {
  id: string;
  code: string;
  title: string;
  deadline: LocalDate;
}

export const taskLink = (publicUrl: string, taskId: string) => `${publicUrl.replace(/\/$/, '')}/nhiem-vu/${taskId}`;

export function reminderMessage(task: TaskRef, due: DueReminder, escalated: boolean): { title: string; body: string } {
  const when = formatLocalDate(task.deadline);
  if (due.kind === 'due_today') {
    return { title: `Đến hạn hôm nay: ${task.code}`, body: `Nhiệm vụ "${task.title}" đến hạn xử lý (${when}). Đề nghị hoàn thành và báo cáo kết quả.` };
  }
  if (due.kind.startsWith('before_')) {
    return { title: `Sắp đến hạn: ${task.code} (còn ${due.kind.slice(7)} ngày làm việc)`, body: `Nhiệm vụ "${task.title}" có hạn xử lý ngày ${when}.` };
  }
  const who = escalated ? 'Đơn vị đề nghị đôn đốc: ' : '';
  return {
    title: `Quá hạn ${due.workingDaysOverdue} ngày làm việc: ${task.code}`,
    body: `${who}Nhiệm vụ "${task.title}" đã quá hạn xử lý (hạn ${when}) ${due.workingDaysOverdue} ngày làm việc.`,
  };
}

export function weeklyDigestMessage(unitName: string, overdue: TaskRef[], dueThisWeek: TaskRef[]): { title: string; body: string } {
  const list = (tasks: TaskRef[]) => tasks.slice(0, 20).map((t) => `- ${t.code} ${t.title} (hạn ${formatLocalDate(t.deadline)})`).join('\n');
  return {
    title: `Tổng hợp tuần: ${overdue.length} nhiệm vụ quá hạn, ${dueThisWeek.length} nhiệm vụ đến hạn trong tuần — ${unitName}`,
    body: [
      overdue.length ? `Nhiệm vụ quá hạn:\n${list(overdue)}` : 'Không có nhiệm vụ quá hạn.',
      dueThisWeek.length ? `Nhiệm vụ đến hạn trong tuần:\n${list(dueThisWeek)}` : 'Không có nhiệm vụ đến hạn trong tuần.',
    ].join('\n\n'),
  };
}

const pct = (n: number) => n.toFixed(2).replace('.', ',');

export function briefingMessage(report: BriefingReport, month: string, unitLine?: { name: string; overdue: TaskRef[] }): { title: string; body: string } {
  const [y, m] = month.split('-');
  const lines = [
    `Tổng số nhiệm vụ đã thực hiện: ${report.total}.`,
    `Hoàn thành đúng hạn: ${report.completedOnTime.count} (${pct(report.completedOnTime.percent)}%).`,
    `Hoàn thành quá hạn: ${report.completedLate.count} (${pct(report.completedLate.percent)}%).`,
    `Đang thực hiện quá hạn: ${report.inProgressOverdue.count} (${pct(report.inProgressOverdue.percent)}%).`,
    `Đang thực hiện trong hạn: ${report.inProgressOnTrack.count} (${pct(report.inProgressOnTrack.percent)}%).`,
  ];
  if (unitLine?.overdue.length) lines.push('', 'Nhiệm vụ đang quá hạn của đơn vị:', ...unitLine.overdue.slice(0, 20).map((t) => `- ${t.code} ${t.title} (hạn ${formatLocalDate(t.deadline)})`));
  return { title: `Kết quả thực hiện nhiệm vụ tháng ${m}/${y}${unitLine ? ` — ${unitLine.name}` : ''}`, body: lines.join('\n') };
}
