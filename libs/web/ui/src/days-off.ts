/*
 * @tiendo/web-ui/days-off: the DAYS_OFF token and the date text helpers alone, for the app shell (app.config.ts
 * binds the token): importing the whole @tiendo/web-ui barrel there would put every ui component in the first download.
 */
export * from './lib/dates/date-text';
export * from './lib/dates/days-off';
