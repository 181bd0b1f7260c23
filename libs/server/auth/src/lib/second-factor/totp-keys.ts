import type { AppConfig } from '@tiendo/server-core';
import { totpEncryptionKeyBytes } from '@tiendo/server-core';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const SALT = 'tiendo-second-factor';

/**
 * The keys of the second factor, derived once with HKDF-SHA256 (RFC 5869) from TOTP_ENCRYPTION_KEY, or from
 * JWT_SECRET when that is unset: one key encrypts TOTP secrets (AES-256-GCM), another hashes recovery codes
 * (HMAC-SHA256). Separate `info` strings keep the two uses, and the JWT signature, apart.
 */
export class TotpKeys {
  private readonly secretKey: Buffer;
  private readonly recoveryKey: Buffer;

  constructor(root: Buffer) {
    this.secretKey = Buffer.from(hkdfSync('sha256', root, SALT, 'totp-secret-encryption', 32));
    this.recoveryKey = Buffer.from(hkdfSync('sha256', root, SALT, 'recovery-code-hash', 32));
  }

  static fromConfig(config: Pick<AppConfig, 'TOTP_ENCRYPTION_KEY' | 'JWT_SECRET'>): TotpKeys {
    const own = config.TOTP_ENCRYPTION_KEY ? totpEncryptionKeyBytes(config.TOTP_ENCRYPTION_KEY) : null;
    return new TotpKeys(own ?? Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  /**
   * Encrypts a TOTP secret for `userId`'s row: `v1.<iv>.<tag>.<ciphertext>` (base64url; 96-bit random IV). The user id
   * is the additional authenticated data, so a ciphertext copied onto another user's row does not open.
   */
  seal(secret: string, userId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey, iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The secret sealed by `seal` for `userId`; throws when the key, the user or the text does not match. */
  open(sealed: string, userId: string): string {
    const [format, iv, tag, body] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('second factor: unreadable secret');
    const decipher = createDecipheriv('aes-256-gcm', this.secretKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The stored form of a recovery code (already normalised): HMAC-SHA256 over the user id and the code, hex. */
  recoveryCodeHash(userId: string, normalisedCode: string): string {
    return createHmac('sha256', this.recoveryKey).update(`${userId}:${normalisedCode}`).digest('hex');
  }
}
