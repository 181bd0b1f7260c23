/**
 * What an API token may do: each endpoint a token may call declares the one scope it accepts; every other endpoint
 * (the account, administration, sign-in, a person's work on a task) refuses tokens whatever their scopes.
 * - `tasks:read`: the task list and a task's details, within the token's units.
 * - `documents:create`: the e-office hand-off, POST /api/documents (tasks led by the token's units only).
 * - `reports:read`: the briefing, trend, key tasks and per-document reports.
 */
export const API_TOKEN_SCOPES = ['tasks:read', 'documents:create', 'reports:read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The prefix of every API token's secret: a token is `tdk_` followed by 32 random bytes in base64url. */
export const API_TOKEN_PREFIX = 'tdk_';

/** POST /api/admin/api-tokens. */
export interface CreateApiTokenRequest {
  /** What the integration is, e.g. "Văn phòng điện tử (e-office)". 1–120 characters, unique among live tokens. */
  name: string;
  scopes: ApiTokenScope[];
  /** Codes of the units the token may touch; each includes its sub-units. At least one. */
  unitCodes: string[];
  /** The last calendar day (Asia/Ho_Chi_Minh) the token works: it stops at the start of the next day. */
  expiresOn: string;
}

/** An API token as listed: never its secret, only the first characters to tell tokens apart. */
export interface ApiTokenView {
  id: string;
  name: string;
  /** `tdk_` and the first 6 characters of the secret. */
  prefix: string;
  scopes: ApiTokenScope[];
  units: Array<{ code: string; name: string }>;
  expiresOn: string;
  /** ISO instants (UTC). */
  createdAt: string;
  createdBy: { id: string; username: string; fullName: string };
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

/** The answer to creating a token: the only time its secret is shown. */
export interface CreatedApiToken extends ApiTokenView {
  /** The bearer token, `tdk_…`: send it as `Authorization: Bearer <token>`. Stored only as its SHA-256. */
  token: string;
}
