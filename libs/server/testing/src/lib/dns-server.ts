import { createSocket, RemoteInfo } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

/** A DNS server of the test's own on 127.0.0.1 (UDP, a free port): names → IPv4 addresses the test changes at will. */
export interface TestDnsServer {
  /** `127.0.0.1:<port>`, as nginx's `resolver` takes it (TIENDO_RESOLVER). */
  address: string;
  /** Answers `name` with these A records (TTL 1 s) from now on; none: NXDOMAIN. */
  set(name: string, addresses: string[]): void;
  /** How many questions it has answered for `name`. */
  asked(name: string): number;
  stop(): Promise<void>;
}

/**
 * Starts a small authoritative DNS server for the tests that need a name whose addresses change (nginx re-resolving
 * the api replicas): the answers are whatever `set` said last, with a TTL of one second. Only A questions are
 * answered with addresses; AAAA and the rest get an empty answer.
 */
export async function startTestDnsServer(): Promise<TestDnsServer> {
  const records = new Map<string, string[]>();
  const questions = new Map<string, number>();
  const socket = createSocket('udp4');
  socket.on('message', (message: Buffer, from: RemoteInfo) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const answers: dnsPacket.Answer[] = [];
    let known = true;
    for (const q of query.questions ?? []) {
      const name = q.name.toLowerCase();
      questions.set(name, (questions.get(name) ?? 0) + 1);
      const addresses = records.get(name);
      if (!addresses) known = false;
      else if (q.type === 'A') for (const data of addresses) answers.push({ type: 'A', name: q.name, ttl: 1, class: 'IN', data });
    }
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3), // rcode 3: NXDOMAIN
      questions: query.questions,
      answers,
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    set: (name, addresses) => void (addresses.length ? records.set(name.toLowerCase(), [...addresses]) : records.delete(name.toLowerCase())),
    asked: (name) => questions.get(name.toLowerCase()) ?? 0,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
