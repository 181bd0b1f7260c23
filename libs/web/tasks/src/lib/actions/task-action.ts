import type { TaskDetailView, TaskView } from '@tiendo/contracts';

/** What a user can do to a task from a list or its page; each opens the action dialog. */
export type TaskActionKind = 'progress' | 'complete' | 'extension' | 'return' | 'reopen' | 'cancel' | 'decide' | 'reassign';

export interface TaskActionRequest {
  kind: TaskActionKind;
  /** From a list, the task's row; from its page, the detail, whose open sub-tasks the completion asks about at once. */
  task: Pick<TaskView, 'id' | 'code' | 'title' | 'version' | 'progressPercent' | 'deadline' | 'leadUnit' | 'assignee'> & Partial<Pick<TaskDetailView, 'subTasks'>>;
}

/** Actions on an open task for whoever works on it, in the order a staff member needs them. */
export const WORK_ACTIONS: TaskActionKind[] = ['progress', 'complete', 'extension'];
