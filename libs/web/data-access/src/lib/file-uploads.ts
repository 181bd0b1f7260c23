import { HttpEventType } from '@angular/common/http';
import { signal } from '@angular/core';
import type { AttachmentView } from '@tiendo/contracts';
import { apiError, type ShownError } from './api-error';
import type { WorkApi } from './work.api';

/** One file on its way to the task: its progress (0-100), then the stored file or the API's refusal. */
export interface Upload {
  key: number;
  name: string;
  size: number;
  percent: number;
  done: AttachmentView | null;
  error: ShownError | null;
}

/**
 * Files uploaded to a task one after another, each with its progress (HttpClient's upload events); the page shows
 * them and, for a completion report, passes the stored ids on (`attachmentIds`).
 */
export class FileUploads {
  readonly items = signal<Upload[]>([]);
  readonly busy = signal(false);
  private next = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly work: WorkApi,
    private readonly taskId: () => string,
    private readonly uploaded: (file: AttachmentView) => void = () => undefined,
  ) {}

  /** The ids of the files stored so far. */
  ids(): string[] {
    return this.items()
      .map((u) => u.done?.id)
      .filter((id): id is string => !!id);
  }

  add(files: File[]): Promise<void> {
    for (const file of files) {
      const key = ++this.next;
      this.items.update((list) => [...list, { key, name: file.name, size: file.size, percent: 0, done: null, error: null }]);
      this.queue = this.queue.then(() => this.send(key, file));
    }
    return this.queue;
  }

  dismiss(key: number): void {
    this.items.update((list) => list.filter((u) => u.key !== key));
  }

  clear(): void {
    this.items.set([]);
  }

  private send(key: number, file: File): Promise<void> {
    this.busy.set(true);
    const patch = (change: Partial<Upload>) => this.items.update((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
    return new Promise<void>((resolve) => {
      this.work.upload(this.taskId(), file).subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) patch({ percent: event.total ? Math.round((event.loaded / event.total) * 100) : 0 });
          if (event.type === HttpEventType.Response && event.body) {
            patch({ percent: 100, done: event.body });
            this.uploaded(event.body);
          }
        },
        error: (err) => {
          patch({ error: apiError(err) });
          this.busy.set(false);
          resolve();
        },
        complete: () => {
          this.busy.set(false);
          resolve();
        },
      });
    });
  }
}
