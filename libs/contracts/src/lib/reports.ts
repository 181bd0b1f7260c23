import type { BriefingFigures, LocalDate } from '@tiendo/domain';

/** One line of the briefing: the four categories of the total with their percentages, standing tasks apart. */
export type BriefingLine = Omit<BriefingFigures, 'governmentOfficeRate'>;

export interface BriefingUnitLine extends BriefingLine {
  code: string;
  name: string;
}

/** GET /api/reports/briefing: the figures read at the flag-ceremony briefing. */
export interface BriefingReport extends BriefingLine {
  from: LocalDate;
  to: LocalDate;
  unit: string | null;
  /** The part of the organisation counted (REPORT_PARTS): `headquarters` by default. */
  part: 'headquarters' | 'provincial' | 'all';
  /** Completed ÷ (completed + in progress overdue): the Government Office's way of counting. */
  governmentOfficeRate: { label: string; percent: number };
  units: BriefingUnitLine[];
  /** True when served from the result stored when the period had ended. */
  stored: boolean;
}

export interface TrendPoint extends BriefingLine {
  month: string;
}

export interface RankingConfig {
  onTime: number;
  latePenaltyPerDay: number;
  lateMinimum: number;
  overdue: number;
  coordinatingShare: number;
}

export interface RankingLine {
  rank: number;
  code: string;
  name: string;
  score: number;
  leadScored: number;
  coordinatingScored: number;
  completedOnTime: number;
  completedLate: number;
  inProgressOverdue: number;
}

export interface RankingReport {
  from: LocalDate;
  to: LocalDate;
  config: RankingConfig;
  formula: string;
  tieRule: string;
  units: RankingLine[];
}

export interface DocumentProgress {
  id: string;
  number: string;
  title: string;
  total: number;
  completedOnTime: number;
  completedLate: number;
  inProgressOverdue: number;
  inProgressOnTrack: number;
  noDeadline: number;
  /** Completed ÷ total (standing tasks included), in percent. */
  donePercent: number;
}

/**
 * A task as a report or an export names it (the one rule: `reportTaskLine` in the server's access-policy.ts). Title,
 * deadline and lead unit are read aloud at the flag ceremony, so every signed-in user sees them; the rest only a
 * reader who may open the task (else null): its id (and so the link to it), its register code, the assignee's name
 * and its state.
 */
export interface ReportTaskLine {
  title: string;
  deadline: LocalDate | null;
  id: string | null;
  code: string | null;
  assignee: string | null;
  state: 'open' | 'completed' | 'cancelled' | null;
}

/** GET /api/reports/key-tasks: a lead unit (code, name) and its key tasks due in the month after the one asked. */
export interface KeyTasksOfUnit {
  code: string;
  name: string;
  tasks: ReportTaskLine[];
}
