export * from './lib/i18n.providers';
export * from './lib/language';
export * from './lib/format.pipes';
export { TranslocoDirective, TranslocoPipe, TranslocoService, translateSignal } from '@jsverse/transloco';
