import type { Actor, SqlParams } from '@tiendo/server-core';
import { seesAllUnits } from '@tiendo/server-core';

/**
 * THE rule of who may touch a reporting obligation (chế độ báo cáo):
 *
 * - read: admin, leader and monitor (the Ministry Office) read every obligation; anyone else reads those that
 *   concern a unit in their scope (a unit head: their unit and its sub-units; staff: their own unit), as the unit
 *   that receives the reports, a unit listed as reporting, a unit of the kind that reports, or a unit that leads one
 *   of its report tasks (a unit no longer of the kind, the successor that a merge gave the tasks to: it still reads
 *   what it is asked to report, and downloads the template). Any other is answered 404, as a task out of scope is,
 *   so its existence does not leak.
 * - create, change, end: admin and monitor (the Ministry Office, which keeps the reporting regime), and a unit head
 *   for the obligations their own unit or one of its sub-units receives (a department that collects a report from
 *   the provinces runs it). Leaders and staff read only. Chosen so that whoever receives the reports can keep the
 *   obligation right, and nobody can make another unit the receiver of an obligation it did not ask for.
 */
export function managesObligation(actor: Actor, receivingUnitPath: string): boolean {
  if (actor.role === 'admin' || actor.role === 'monitor') return true;
  return actor.role === 'unit_head' && receivingUnitPath.startsWith(actor.unitPath);
}

/** The roles that reach the write routes at all (the per-object part is `managesObligation`). */
export const OBLIGATION_WRITER_ROLES = ['admin', 'monitor', 'unit_head'] as const;

/**
 * The SQL condition "the actor may read obligation `o`" (the read rule above), with its parameters added to `p`;
 * `null` for the roles that read every obligation. The same condition serves the list and the read by id, so the
 * two never disagree.
 */
export function obligationScopeSql(actor: Actor, p: SqlParams, o = 'o'): string | null {
  if (seesAllUnits(actor)) return null;
  const units = actor.role === 'unit_head' ? `(SELECT id FROM units WHERE path LIKE ${p.add(actor.unitPath + '%')})` : `(${p.add(actor.unitId)}::uuid)`;
  return `(${o}.receiving_unit_id IN ${units}
    OR EXISTS (SELECT 1 FROM report_obligation_units ou WHERE ou.obligation_id = ${o}.id AND ou.unit_id IN ${units})
    OR (${o}.reporting_unit_kind IS NOT NULL AND EXISTS (SELECT 1 FROM units ku WHERE ku.id IN ${units} AND ku.kind = ${o}.reporting_unit_kind))
    OR EXISTS (SELECT 1 FROM report_tasks rt JOIN tasks rtt ON rtt.id = rt.task_id WHERE rt.obligation_id = ${o}.id AND rtt.lead_unit_id IN ${units}))`;
}

/**
 * Who reads the board of a period (who submitted what, the files, the figures): the office that receives the reports
 * (Decree 09/2019/NĐ-CP art. 8: the receiving body collects and checks them) and the ministry-wide roles. Precisely:
 * admin, leader and monitor; a unit head whose unit or a sub-unit receives the obligation; a staff member of the
 * receiving unit itself. A reporting unit reads its own report task (the tasks' rule), not the others' submissions:
 * for it, as for anyone else, the board is 404.
 */
export function readsBoard(actor: Actor, receivingUnit: { id: string; path: string }): boolean {
  if (seesAllUnits(actor)) return true;
  if (actor.role === 'unit_head') return receivingUnit.path.startsWith(actor.unitPath);
  return actor.unitId === receivingUnit.id;
}

/**
 * Who confirms a submitted report, returns it for redo, and reminds the units that have not submitted: whoever
 * manages the obligation (`managesObligation`: admin, monitor, the head of the receiving unit or of a unit above it).
 * The return goes through the tasks' one write path with this rule as its grant (TasksService ManageGrant), since the
 * receiving unit does not lead the reporting units' tasks.
 */
export const RECEIVER_RULE = 'report-obligations: receiving office (obligation-access.ts managesObligation)';
