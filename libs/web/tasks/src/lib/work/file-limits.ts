import { ATTACHMENT_DEFAULTS, COMMENT_MAX_LENGTH } from '@tiendo/contracts';
import type { TranslocoService } from '@tiendo/web-i18n';

/**
 * The API's default limits on files (ATTACHMENT_DEFAULTS in the contracts: AppConfig ATTACHMENT_MAX_MB,
 * ATTACHMENTS_PER_TASK, ATTACHMENT_TYPES start from them), stated beside every drop zone so nobody learns them from a
 * refusal. The API enforces them (by content, not by name); these are the words only.
 */
export const FILE_LIMITS = {
  maxMegabytes: ATTACHMENT_DEFAULTS.maxMegabytes,
  maxPerTask: ATTACHMENT_DEFAULTS.maxPerTask,
  accept: ATTACHMENT_DEFAULTS.types
    .split(',')
    .map((ext) => `.${ext}`)
    .join(','),
  types: 'PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, ZIP',
} as const;

/** A comment's body, at most: the API's own limit (CreateCommentDto / EditCommentDto). */
export const COMMENT_LIMIT = COMMENT_MAX_LENGTH;

export function limitsText(transloco: TranslocoService): string {
  return transloco.translate('files.limits', { size: FILE_LIMITS.maxMegabytes, count: FILE_LIMITS.maxPerTask, types: FILE_LIMITS.types });
}
