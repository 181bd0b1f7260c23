import type { ExternalIdentity } from '../directory/identity-mapping';

/** The claim names the product reads, from the settings (OIDC_USERNAME_CLAIM, OIDC_GROUPS_CLAIM). */
export interface ClaimNames {
  username: string;
  groups: string;
}

const texts = (value: unknown): string[] => {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map(String);
};

/**
 * A provider's claims as the identity the mapping rules read (the same rules as the directory's: README, "Directory
 * sign-in"): the username from `names.username` (Keycloak's preferred_username…), the name from `name` (else
 * given_name + family_name, else the username), the e-mail from `email` only when the provider did not say it is
 * unverified, the groups from `names.groups` (a list or one value; Keycloak's full paths `/Bộ/Vụ KHTC` are kept as
 * they come), and every claim as an attribute (its values as texts). Null when the username claim is missing or empty.
 */
export function identityFromClaims(claims: Record<string, unknown>, names: ClaimNames): ExternalIdentity | null {
  const username = texts(claims[names.username])[0]?.trim();
  if (!username) return null;
  const given = texts(claims['given_name'])[0];
  const family = texts(claims['family_name'])[0];
  const name = texts(claims['name'])[0]?.trim() || [family, given].filter(Boolean).join(' ').trim() || username;
  const email = claims['email_verified'] === false ? null : (texts(claims['email'])[0]?.trim() || null);
  const attributes: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(claims)) {
    const list = texts(value);
    if (list.length) attributes[key] = list;
  }
  return { username, name, email, groups: texts(claims[names.groups]), attributes };
}

/** The methods the provider says it used (`amr`, RFC 8176), lower-cased; empty when it says nothing. */
export function authenticationMethods(claims: Record<string, unknown>): string[] {
  return texts(claims['amr']).map((m) => m.toLowerCase());
}
