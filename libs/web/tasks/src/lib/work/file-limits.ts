import type { TranslocoService } from '@tiendo/web-i18n';

/**
 * The API's default limits on files (AppConfig ATTACHMENT_MAX_MB, ATTACHMENTS_PER_TASK, ATTACHMENT_TYPES), stated beside every drop zone so nobody learns them from a
 * refusal. The API enforces them (by content, not by name); these are the words only.
 */
export const FILE_LIMITS = {
  maxMegabytes: 25,
  maxPerTask: 50,
  accept: '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.zip',
  types: 'PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, ZIP',
} as const;

export function limitsText(transloco: TranslocoService): string {
  return transloco.translate('files.limits', { size: FILE_LIMITS.maxMegabytes, count: FILE_LIMITS.maxPerTask, types: FILE_LIMITS.types });
}
