import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStore } from './local-blob-store';

describe('LocalBlobStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-local-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops the start with a message naming STORAGE_DIR when the folder cannot be made', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    await expect(new LocalBlobStore(join(file, 'files')).onModuleInit()).rejects.toThrow(/^STORAGE_DIR=.*không tạo được hoặc không ghi được/);
  });

  it('puts by moving the file under ab/cd/<sha256>, gets it back, deletes it; refuses a key that is not a SHA-256', async () => {
    const store = new LocalBlobStore(join(dir, 'store'));
    await store.onModuleInit();
    const bytes = Buffer.from('Báo cáo');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const upload = join(dir, 'upload');
    writeFileSync(upload, bytes);
    await store.put(sha, upload);
    expect(readFileSync(join(dir, 'store', sha.slice(0, 2), sha.slice(2, 4), sha))).toEqual(bytes);
    expect(await store.exists(sha)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of await store.get(sha)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
    await store.delete(sha);
    expect(await store.exists(sha)).toBe(false);
    await expect(store.get(sha)).rejects.toThrow();
    await expect(store.exists('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});
