/*
 * @tiendo/web-ui/dates: the date and month fields (Angular Material's datepicker with date-fns `vi`). A separate
 * entry so that Material loads with the screens that import it, never with the app's first download.
 */
export * from './lib/dates/date-field';
export * from './lib/dates/month-field';
export * from './lib/dates/vi-date-adapter';
