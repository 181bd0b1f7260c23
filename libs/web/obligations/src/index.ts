export * from './lib/obligation-schedule';
export * from './lib/list/obligations-page';
export * from './lib/edit/obligation-edit-page';
export * from './lib/board/board-page';
export * from './lib/submit/report-submit-page';
