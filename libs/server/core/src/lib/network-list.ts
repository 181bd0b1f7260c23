import { isIP } from 'node:net';

/** One entry of a list of networks: its first address, the prefix length in bits, the family. */
export interface NetworkEntry {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * A setting's list of networks (WEBHOOK_ALLOWED_NETWORKS): addresses or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`,
 * `fd00::/8`), separated by commas. Null when an entry is neither; an empty or unset setting is the empty list.
 */
export function parseNetworkList(setting: string | undefined): NetworkEntry[] | null {
  const entries = (setting ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = entries.map((entry): NetworkEntry | null => {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    if (!version || extra !== undefined) return null;
    const max = version === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (!(prefix >= 0 && prefix <= max)) return null;
    return { network: address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  });
  return parsed.every((p) => p !== null) ? parsed : null;
}
