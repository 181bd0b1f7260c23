import { parseNetworkList } from '@tiendo/server-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { RECEIVER_ADDRESS_REFUSED, ReceiverAddressPolicy } from './receiver-addresses';

describe('where webhooks may be delivered (receiver-addresses.ts)', () => {
  const policy = new ReceiverAddressPolicy(undefined);

  it.each([
    ['127.0.0.1', '127.0.0.1 is loopback'],
    ['127.45.6.7', '127.45.6.7 is loopback'],
    ['::1', '::1 is loopback'],
    ['::ffff:127.0.0.1', '127.0.0.1 is loopback'],
    ['::ffff:7f00:1', '127.0.0.1 is loopback'],
    ['169.254.169.254', '169.254.169.254 is link-local (cloud metadata)'],
    ['::ffff:a9fe:a9fe', '169.254.169.254 is link-local (cloud metadata)'],
    ['fe80::1', 'fe80::1 is link-local'],
    ['0.0.0.0', '0.0.0.0 is this network'],
    ['::', ':: is unspecified'],
    ['224.0.0.1', '224.0.0.1 is multicast'],
    ['ff02::1', 'ff02::1 is multicast'],
    ['255.255.255.255', '255.255.255.255 is reserved or broadcast'],
  ])('refuses %s: %s', (address, why) => {
    expect(policy.refusal(address)).toBe(why);
  });

  it.each(['10.1.2.3', '172.16.0.1', '192.168.1.10', '100.64.0.1', '8.8.8.8', '2001:db8::1', 'fd00::5', '::ffff:10.0.0.1'])(
    'lets %s through: private networks are where a ministry’s receivers live',
    (address) => expect(policy.refusal(address)).toBeNull(),
  );

  it('WEBHOOK_ALLOWED_NETWORKS lets exactly the listed networks through', () => {
    const allowing = new ReceiverAddressPolicy('127.0.0.1/32, fe80::/64');
    expect([allowing.refusal('127.0.0.1'), allowing.refusal('::ffff:127.0.0.1'), allowing.refusal('fe80::9')]).toEqual([null, null, null]);
    expect(allowing.refusal('127.0.0.2')).toBe('127.0.0.2 is loopback');
    expect(allowing.refusal('169.254.169.254')).toBe('169.254.169.254 is link-local (cloud metadata)');
  });

  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.1 is loopback'],
    ['http://2130706433/hook', '127.0.0.1 is loopback'],
    ['http://0x7f.1/hook', '127.0.0.1 is loopback'],
    ['http://[::1]/hook', '::1 is loopback'],
    ['http://[::ffff:127.0.0.1]/hook', '127.0.0.1 is loopback'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is link-local (cloud metadata)'],
    ['http://LOCALHOST:9000/x', 'localhost is this host'],
    ['http://api.localhost./x', 'api.localhost. is this host'],
  ])('a URL that shows a refused host by itself: %s', (url, why) => {
    expect(policy.refusalOfUrl(new URL(url))).toBe(why);
  });

  it('a URL naming another host is left to the check when connecting', () => {
    expect(policy.refusalOfUrl(new URL('https://congtinh.example.vn/hook'))).toBeNull();
    expect(policy.refusalOfUrl(new URL('http://10.0.0.5:8443/hook'))).toBeNull();
  });

  it('reads WEBHOOK_ALLOWED_NETWORKS, refusing what is not an address or a range', () => {
    expect(parseNetworkList(undefined)).toEqual([]);
    expect(parseNetworkList(' 127.0.0.1 , 10.0.0.0/8,fd00::/8 ')).toEqual([
      { network: '127.0.0.1', prefix: 32, family: 'ipv4' },
      { network: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { network: 'fd00::', prefix: 8, family: 'ipv6' },
    ]);
    for (const bad of ['localhost', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/1', '10.0.0.0/x', '10.0.0.0/']) expect(parseNetworkList(bad)).toBeNull();
  });

  describe('when connecting: the addresses a name resolves to, through undici as the sender posts', () => {
    let server: Server;
    let port: number;
    let received = 0;

    beforeAll(async () => {
      server = createServer((_req, res) => {
        received++;
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => new Promise((resolve) => server.close(resolve)));

    it('a name whose addresses are all refused fails with WEBHOOK_ADDRESS_REFUSED, and nothing reaches the host', async () => {
      const agent = new Agent({ connect: { lookup: policy.lookup } });
      try {
        const before = received;
        const err = await fetch(`http://localhost:${port}/x`, { method: 'POST', body: '{}', dispatcher: agent }).catch((e: Error & { cause?: { code?: string } }) => e);
        expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe(RECEIVER_ADDRESS_REFUSED);
        expect(received).toBe(before);
      } finally {
        await agent.close();
      }
    });

    it('the same name is reached when its network is allowed', async () => {
      const allowing = new ReceiverAddressPolicy('127.0.0.0/8');
      const agent = new Agent({ connect: { lookup: allowing.lookup } });
      try {
        const res = await fetch(`http://localhost:${port}/x`, { method: 'POST', body: '{}', dispatcher: agent });
        expect([res.status, await res.text()]).toEqual([200, 'ok']);
      } finally {
        await agent.close();
      }
    });
  });
});
