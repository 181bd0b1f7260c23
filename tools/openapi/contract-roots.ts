/*
 * The types whose JSON Schemas become the API document's `components.schemas` (tools/openapi/contract-schemas.mjs):
 * every type the contracts lib exports, the few response types the web app takes from the domain lib, and the shape
 * of a page (Page<T> is generic: the document's pages are this one with `items` set to the item's schema).
 */
import type { Page } from '@tiendo/contracts';

export * from '@tiendo/contracts';
export type { HolidayChange, PublicHoliday, ReminderSettings } from '@tiendo/domain';
export type ContractPage = Page<unknown>;
