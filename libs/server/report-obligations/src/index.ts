export * from './lib/obligation-access';
export * from './lib/report-obligation.view';
export * from './lib/report-obligations.service';
export * from './lib/report-figures';
export * from './lib/report-submission.view';
export * from './lib/report-submissions.service';
export * from './lib/report-obligations.module';
