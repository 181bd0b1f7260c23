import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import type { AttachmentView } from '@tiendo/contracts';
import { apiError, FileUploads, Session, WorkApi } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { ConfirmDialog, DropZone, FileList, FormErrorBanner } from '@tiendo/web-ui';
import { FILE_LIMITS, limitsText } from './file-limits';
import { UploadList } from './upload-list';

/** A task's files: the list (download, delete), and a drop zone to add more with their upload progress. */
@Component({
  selector: 'td-task-files',
  imports: [TranslocoDirective, DropZone, FileList, UploadList, FormErrorBanner],
  template: `
    <ng-container *transloco="let t">
      <td-file-list [files]="files()" [hrefOf]="hrefOf" [canDelete]="deletable" (download)="download($event)" (remove)="remove($event)" />
      <td-form-error [action]="failed()?.action ?? 'upload'" [code]="failed()?.code" />
      @if (canUpload()) {
        <td-drop-zone inputId="task-file" [lead]="t('files.drop')" [button]="t('files.choose')" [limits]="limits()" [accept]="accept" (files)="uploads.add($event)" />
        <td-upload-list [uploads]="uploads" />
      }
    </ng-container>
  `,
  styles: `td-drop-zone { display: block; margin-top: 0.75rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskFiles {
  private readonly work = inject(WorkApi);
  private readonly session = inject(Session);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  readonly taskId = input.required<string>();
  /** Whoever may read the task may attach files to it while it is open. */
  readonly canUpload = input(true);
  /** A manager of the task deletes any file; others their own. */
  readonly manage = input(false);
  readonly changed = output<void>();

  protected readonly files = signal<AttachmentView[]>([]);
  protected readonly failed = signal<{ action: 'upload' | 'fileDelete' | 'download'; code: string } | null>(null);
  protected readonly accept = FILE_LIMITS.accept;
  protected readonly limits = () => limitsText(this.transloco);
  readonly uploads = new FileUploads(this.work, () => this.taskId(), () => {
    void this.load();
    this.changed.emit();
  });
  protected readonly hrefOf = (f: AttachmentView) => this.work.attachmentUrl(this.taskId(), f.id);
  protected readonly deletable = (f: AttachmentView) => this.manage() || f.uploadedBy?.id === this.session.user()?.id;

  constructor() {
    effect(() => {
      this.taskId();
      untracked(() => void this.load());
    });
  }

  async load(): Promise<void> {
    try {
      this.files.set((await this.work.attachments(this.taskId())).filter((f) => !f.deletedAt));
    } catch (err) {
      this.failed.set({ action: 'download', code: apiError(err).code });
    }
  }

  protected async download(f: AttachmentView): Promise<void> {
    this.failed.set(null);
    try {
      await this.work.download(this.taskId(), f);
    } catch (err) {
      this.failed.set({ action: 'download', code: apiError(err).code });
    }
  }

  protected async remove(f: AttachmentView): Promise<void> {
    if (!(await this.confirmDialog.ask({ title: this.transloco.translate('files.confirmDelete', { name: f.name }), confirm: this.transloco.translate('confirm.delete'), danger: true }))) return;
    this.failed.set(null);
    try {
      await this.work.deleteAttachment(this.taskId(), f.id);
      await this.load();
      this.changed.emit();
    } catch (err) {
      this.failed.set({ action: 'fileDelete', code: apiError(err).code });
    }
  }
}
