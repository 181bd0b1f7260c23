import type { TaskView } from '@tiendo/contracts';

/** What a user can do to a task from a list or its page; each opens the action dialog. */
export type TaskActionKind = 'progress' | 'complete' | 'extension' | 'return' | 'reopen' | 'cancel' | 'decide' | 'reassign';

export interface TaskActionRequest {
  kind: TaskActionKind;
  task: Pick<TaskView, 'id' | 'code' | 'title' | 'version' | 'progressPercent' | 'deadline' | 'leadUnit' | 'assignee'>;
}

/** Actions on an open task for whoever works on it, in the order a staff member needs them. */
export const WORK_ACTIONS: TaskActionKind[] = ['progress', 'complete', 'extension'];
