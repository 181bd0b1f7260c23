export * from './lib/dashboard/dashboard-page';
export * from './lib/briefing/briefing-page';
