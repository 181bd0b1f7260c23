export * from './lib/report-snapshots.repository';
export * from './lib/reports.service';
export * from './lib/reports.module';
export * from './lib/dto/report.query';
export * from './lib/briefing-export';
export * from './lib/organisation/organisation-settings.service';
