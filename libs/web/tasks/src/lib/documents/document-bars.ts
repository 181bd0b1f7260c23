import type { DocumentProgress } from '@tiendo/contracts';
import type { DisplayLanguage, TaskStatus } from '@tiendo/domain';
import { BarCategory, BarSegment, categorySegments } from '@tiendo/web-ui';

/** A document's tasks count by their status now, so each part opens the document's tasks of that status. */
const STATUS_OF: Record<BarCategory, TaskStatus> = {
  completedOnTime: 'completed_on_time',
  completedLate: 'completed_late',
  inProgressOverdue: 'in_progress_overdue',
  inProgressOnTrack: 'in_progress_on_track',
};

export function documentSegments(d: DocumentProgress, label: (category: string) => string, language: DisplayLanguage): BarSegment[] {
  return categorySegments(d, d.total, label, language, (c) => ({ path: '/nhiem-vu', queryParams: { sourceDocument: d.id, status: STATUS_OF[c] } }));
}
