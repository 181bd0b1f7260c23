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

export interface KeyTasksOfUnit {
  code: string;
  name: string;
  tasks: Array<{ id: string; code: string; title: string; deadline: LocalDate; assignee: string | null; state: string }>;
}
