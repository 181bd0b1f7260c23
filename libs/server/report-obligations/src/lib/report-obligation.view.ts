import type { ObligationField, ObligationTemplateView, ObligationUnitRef } from '@tiendo/contracts';

/**
 * The shapes the obligations' endpoints answer are libs/contracts' (report-obligations.ts), the same types the web app
 * reads; re-exported here for the service and controllers. Only what the server alone uses is declared below.
 */
export type {
  AdHocPeriodView,
  ObligationField,
  ObligationHistoryEntryView,
  ObligationPeriodsView,
  ObligationPeriodView,
  ObligationTemplateView,
  ObligationUnitRef,
  ReportObligationListItem,
  ReportObligationView,
} from '@tiendo/contracts';

/** What the submissions, the board and the reminders need of an obligation (ReportObligationsService.forPeriod). */
export interface ObligationFacts {
  id: string;
  code: string;
  name: string;
  fields: ObligationField[];
  receivingUnit: ObligationUnitRef & { path: string };
  template: ObligationTemplateView | null;
}
