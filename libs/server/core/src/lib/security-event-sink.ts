/** The fields every security event may carry; the rest of `detail` is stored as JSON. */
export interface SecurityEventDetail {
  actorId?: string | null;
  /** The client's address as Fastify reads it (`request.ip`, through the proxies TRUST_PROXY names). */
  ip?: string | null;
  [key: string]: unknown;
}

/**
 * Where the platform (the global exception filter) writes security events without depending on a feature lib:
 * `AuditModule` provides it with `AuditService`, which writes the append-only `security_events` table.
 */
export abstract class SecurityEventSink {
  abstract recordSecurityEvent(event: string, detail: SecurityEventDetail): Promise<void>;
}
