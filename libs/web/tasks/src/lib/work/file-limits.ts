import type { TranslocoService } from '@tiendo/web-i18n';

/**
 * The API's limits on files (libs/server/attachments), stated beside every drop zone so nobody learns them from a
 * refusal. The API enforces them (by content, not by name); these are the words only.
 */
export const FILE_LIMITS = {
  maxMegabytes: 20,
  maxPerTask: 50,
  accept: '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.png,.jpg,.jpeg,.zip,.txt,.csv',
  types: 'PDF, Word, Excel, PowerPoint, ODF, PNG, JPEG, ZIP, TXT, CSV',
} as const;

export function limitsText(transloco: TranslocoService): string {
  return transloco.translate('files.limits', { size: FILE_LIMITS.maxMegabytes, count: FILE_LIMITS.maxPerTask, types: FILE_LIMITS.types });
}
