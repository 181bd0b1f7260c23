import type { Readable } from 'node:stream';

/** The injection token of the one `BlobStore` a process uses (chosen from STORAGE_URL / STORAGE_DIR at start). */
export const BLOB_STORE = Symbol('BLOB_STORE');

/**
 * Where file bytes live, addressed by their SHA-256 (64 lowercase hex digits): the same bytes are one object however
 * often they are attached. Two implementations: a folder the API writes (`LocalBlobStore`, the default, needing
 * nothing) and an S3-compatible bucket (`S3BlobStore`, for several API replicas). Callers never hold a file in memory:
 * `put` takes a file on disk, `get` returns a stream.
 */
export interface BlobStore {
  /** What the store is, for logs and the benchmark ("dossier /data/files", "s3://bucket/prefix"). */
  readonly description: string;
  /** Stores the file at `path` (already hashed to `sha256`, `size` bytes) under its hash; the file at `path` may be moved. */
  put(sha256: string, path: string, size: number): Promise<void>;
  /** The bytes; rejects when there is no such object. */
  get(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Removes the object; no error when it is already gone. */
  delete(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Guards every store call: a key is a SHA-256 in hex and nothing else, so no path or key can be smuggled in. */
export function requireSha256(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 key: ${JSON.stringify(sha256).slice(0, 80)}`);
  return sha256;
}
