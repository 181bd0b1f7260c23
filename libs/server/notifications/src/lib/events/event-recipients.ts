import type { TaskEventKind } from '@tiendo/contracts';
import type { RecipientRole } from './event-messages';

/** What the recipient rule needs of one event and its task, looked up at dispatch time. */
export interface RecipientFacts {
  kind: TaskEventKind;
  actorId: string | null;
  payload: Record<string, unknown>;
  /** The task's assignee now. */
  assigneeId: string | null;
  /** Heads (role unit_head, active) of the task's lead unit now. */
  leadUnitHeads: string[];
  /** WatchersService.followersOf: explicit followers plus the assigner and the lead unit's heads by default, minus unfollows. */
  followers: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * THE rule of who is told of an event (issue 10, "Notifications for every event"), each with the role they are told
 * as (the first that applies wins: mentioned, then assignee, then unit head, then follower):
 * - the assignee: assigned; reassigned to them (and, as `former_assignee`, away from them); deadline changed;
 *   extension decided (and whoever asked for it); completion returned; reopened; cancelled; a comment on their task
 *   or one that mentions them; a file on their task;
 * - the lead unit's heads: a task assigned (or moved) to their unit, an extension requested, a completion reported,
 *   a comment on a task they lead;
 * - the followers (the assigner and the watchers): completion reported, extension requested, comments, progress
 *   notes and files;
 * - whoever a comment mentions (an edit tells only those it newly mentions).
 * Nobody is told of their own action. Whether each may still read the task is checked by the caller (canReadTask),
 * except the former assignee, whose message carries only what they knew.
 */
export function eventRecipients(f: RecipientFacts): Map<string, RecipientRole> {
  const out = new Map<string, RecipientRole>();
  const add = (role: RecipientRole, users: Array<string | null>) => {
    for (const u of users) if (u && u !== f.actorId && !out.has(u)) out.set(u, role);
  };
  const assignee = [f.assigneeId];
  switch (f.kind) {
    case 'assigned':
      add('assignee', [str(f.payload['assigneeId']) ?? f.assigneeId]);
      add('unit_head', f.leadUnitHeads);
      break;
    case 'reassigned': {
      const to = str(f.payload['toAssigneeId']);
      const from = str(f.payload['fromAssigneeId']);
      if (to && to !== from) add('assignee', [to]);
      if (from && from !== to) add('former_assignee', [from]);
      const unitMoved = str(f.payload['toLeadUnitId']) !== str(f.payload['fromLeadUnitId']);
      if (unitMoved) add('unit_head', f.leadUnitHeads);
      break;
    }
    case 'extension_decided':
      add('assignee', [...assignee, str(f.payload['requestedById'])]);
      break;
    case 'deadline_changed':
    case 'completion_returned':
    case 'reopened':
    case 'cancelled':
      add('assignee', assignee);
      break;
    case 'extension_requested':
    case 'completion_reported':
      add('unit_head', f.leadUnitHeads);
      add('follower', f.followers);
      break;
    case 'comment_added':
      add('mentioned', ids(f.payload['mentions']));
      if (f.payload['edited']) break;
      add('assignee', assignee);
      add('unit_head', f.leadUnitHeads);
      add('follower', f.followers);
      break;
    case 'progress_reported':
    case 'attachment_added':
      add('assignee', assignee);
      add('follower', f.followers);
      break;
  }
  return out;
}
