import { parseNetworkList } from '@tiendo/server-core';
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Networks a webhook receiver is never in: what an admin's URL (or a DNS name pointing there) could use to make the
 * worker post into the machine itself or its cloud's metadata service (OWASP's server-side request forgery, ASVS
 * 5.0 V1.3.6 / V13.2.4): this host, link-local (169.254.169.254 is every cloud's instance metadata and credentials),
 * "this network", multicast and reserved. Private networks (10/8, 172.16/12, 192.168/16, fc00::/7) are NOT here: a
 * ministry's receiving systems live in them. `WEBHOOK_ALLOWED_NETWORKS` lets chosen ones of these through (a receiver
 * on the worker's own machine: `127.0.0.1/32`).
 */
const NEVER: ReadonlyArray<{ network: string; prefix: number; family: 'ipv4' | 'ipv6'; what: string }> = [
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', what: 'this network' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', what: 'loopback' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', what: 'link-local (cloud metadata)' },
  { network: '224.0.0.0', prefix: 4, family: 'ipv4', what: 'multicast' },
  { network: '240.0.0.0', prefix: 4, family: 'ipv4', what: 'reserved or broadcast' },
  { network: '::', prefix: 128, family: 'ipv6', what: 'unspecified' },
  { network: '::1', prefix: 128, family: 'ipv6', what: 'loopback' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', what: 'link-local' },
  { network: 'ff00::', prefix: 8, family: 'ipv6', what: 'multicast' },
];

/** The code a refused address fails its connection with (recorded on the delivery attempt). */
export const RECEIVER_ADDRESS_REFUSED = 'WEBHOOK_ADDRESS_REFUSED';

/**
 * `a.b.c.d` for an IPv4-mapped IPv6 address, which reaches the IPv4 host: written `::ffff:127.0.0.1`, or
 * `::ffff:7f00:1` as the URL parser normalises `[::ffff:127.0.0.1]`. Any other address as given.
 */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Which addresses a webhook may be delivered to. `refusal(address)` answers why one may not (the network's kind), or
 * null. Built from WEBHOOK_ALLOWED_NETWORKS, checked at start (app-config.ts).
 */
export class ReceiverAddressPolicy {
  private readonly never = NEVER.map((n) => {
    const list = new BlockList();
    list.addSubnet(n.network, n.prefix, n.family);
    return { what: n.what, list };
  });
  private readonly allowed = new BlockList();

  constructor(allowedNetworks: string | undefined) {
    for (const n of parseNetworkList(allowedNetworks) ?? []) this.allowed.addSubnet(n.network, n.prefix, n.family);
  }

  /** Why `address` (an IP address) may not receive webhooks, in English for the attempt's record; null when it may. */
  refusal(address: string): string | null {
    const ip = unmapped(address);
    const version = isIP(ip);
    if (!version) return null;
    const family = version === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(ip, family)) return null;
    const kind = this.never.find((n) => n.list.check(ip, family));
    return kind ? `${ip} is ${kind.what}` : null;
  }

  /**
   * Why the URL's host may not receive webhooks when that shows without DNS: an address written in the URL, or
   * `localhost` (a name for this host whatever DNS says). Null otherwise: names are checked when delivered.
   */
  refusalOfUrl(url: URL): string | null {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.refusal(host);
    const name = host.toLowerCase().replace(/\.$/, '');
    return name === 'localhost' || name.endsWith('.localhost') ? `${host} is this host` : null;
  }

  /**
   * A `lookup` for the HTTP client's connections (same contract as dns.lookup): resolves the name, drops refused
   * addresses, and fails with code WEBHOOK_ADDRESS_REFUSED when none is left. Checked at connection time, on the
   * addresses actually connected to, so a DNS answer that changes after a check (DNS rebinding) cannot slip through.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const usable = addresses.filter((a) => this.refusal(a.address) === null);
      if (!usable.length) {
        const refused = Object.assign(new Error(`${hostname}: ${this.refusal(addresses[0]?.address ?? '') ?? 'no address'}`), { code: RECEIVER_ADDRESS_REFUSED });
        return callback(refused, []);
      }
      if (options.all) callback(null, usable);
      else callback(null, usable[0].address, usable[0].family);
    });
  };
}
