/**
 * What the submissions' and the board's endpoints answer: libs/contracts' types (report-obligations.ts), the same the
 * web app reads, re-exported for the service and controllers. The board's four cells are the tasks' status rule
 * (libs/domain classifyTask) applied to each unit's report task as of now, so a cell holds exactly the tasks the task
 * list shows under that status; a report task cancelled (a unit taken off mid-period) is listed apart, in no cell.
 */
export { BOARD_STATUSES } from '@tiendo/contracts';
export type { BoardLine, BoardStatus, PeriodBoardView, RemindersResult, ReportStatisticsLine, ReportStatisticsView, TaskReportView } from '@tiendo/contracts';
