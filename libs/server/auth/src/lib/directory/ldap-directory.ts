import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tiendo/server-core';
import { Client, Entry, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ExternalIdentity } from './identity-mapping';
import { escapeDnValue, escapeFilterValue, fillTemplate } from './ldap-escape';

/** Why the directory refused a sign-in; written on the security event, never shown to the user. */
export type DirectoryRefusal = 'unknown_user' | 'ambiguous_user' | 'wrong_password' | 'disabled';

/**
 * The directory's answer about a username and password: `verified` with the identity it holds; `refused` (the user
 * sees the same 401 as for a wrong local password); `unavailable` when it did not answer, timed out or failed TLS
 * (`reason` for the log; the user sees 503 DIRECTORY_UNAVAILABLE).
 */
export type DirectoryAnswer =
  | { outcome: 'verified'; dn: string; identity: ExternalIdentity }
  | { outcome: 'refused'; reason: DirectoryRefusal }
  | { outcome: 'unavailable'; reason: string };

/** Active Directory's userAccountControl flag ACCOUNTDISABLE. */
const AD_ACCOUNT_DISABLED = 0x2;

/**
 * ppolicy's pwdAccountLockedTime for an account locked by an administrator until unlocked (draft-behera-ldap-
 * password-policy §5.3.3). Any other value is a lockout after failed binds, which may end by itself
 * (pwdLockoutDuration): that one is left to the directory's own bind, which refuses while it lasts.
 */
const PPOLICY_LOCKED_BY_ADMIN = '000001010000Z';

const values = (entry: Entry, name: string): string[] => {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const raw = key ? entry[key] : undefined;
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
};

class Refused extends Error {
  constructor(readonly reason: DirectoryRefusal) {
    super(reason);
  }
}

/** The service account's own bind was refused: a setting to fix, never the user's wrong password. */
class ServiceAccountRefused extends Error {}

/**
 * The ministry's LDAP / Active Directory, through ldapts (settings LDAP_*, app-config.ts). One connection per
 * sign-in, closed after: with a service account, bind as it, find the user's entry by LDAP_USER_FILTER under
 * LDAP_USER_BASE (and their groups under LDAP_GROUP_BASE), then bind as the user with the typed password; without
 * one, bind as LDAP_USER_DN_TEMPLATE's DN and read the entry as the user. The connection is TLS (LDAPS, or StartTLS
 * before any bind) checked against LDAP_CA_FILE; every step is bounded by LDAP_TIMEOUT_MS.
 */
@Injectable()
export class LdapDirectory {
  private readonly logger = new Logger(LdapDirectory.name);
  private readonly tls: ConnectionOptions;

  constructor(private readonly config: AppConfig) {
    this.tls = config.LDAP_CA_FILE ? { ca: [readFileSync(config.LDAP_CA_FILE, 'utf8')] } : {};
  }

  /** Whether a directory is configured (LDAP_URL set): otherwise every user signs in locally. */
  get configured(): boolean {
    return Boolean(this.config.LDAP_URL);
  }

  /**
   * Checks `password` for `username` against the directory and reads who they are. An empty password is refused
   * without asking (an LDAP bind with a DN and no password is an unauthenticated bind that "succeeds", RFC 4513
   * §5.1.2). A disabled account (LDAP_ACCOUNT_DISABLED) is refused even when its password is right.
   */
  async verify(username: string, password: string): Promise<DirectoryAnswer> {
    if (!this.config.LDAP_URL) return { outcome: 'unavailable', reason: 'not_configured' };
    if (password === '' || username.trim() === '') return { outcome: 'refused', reason: 'wrong_password' };
    const client = new Client({
      url: this.config.LDAP_URL,
      timeout: this.config.LDAP_TIMEOUT_MS,
      connectTimeout: this.config.LDAP_TIMEOUT_MS,
      // Only for ldaps://: ldapts opens a TLS connection whenever it is given TLS options, which breaks StartTLS.
      ...(/^ldaps:/i.test(this.config.LDAP_URL) ? { tlsOptions: this.tls } : {}),
      strictDN: false,
    });
    try {
      if (this.config.LDAP_STARTTLS === 'true') await client.startTLS(this.tls);
      const identity = this.config.LDAP_BIND_DN ? await this.viaServiceAccount(client, username, password) : await this.viaUserBind(client, username, password);
      return { outcome: 'verified', ...identity };
    } catch (err) {
      if (err instanceof Refused) return { outcome: 'refused', reason: err.reason };
      if (err instanceof ServiceAccountRefused) {
        this.logger.error(`The directory refused the service account LDAP_BIND_DN (${this.config.LDAP_BIND_DN}): check LDAP_BIND_DN and LDAP_BIND_PASSWORD`);
        return { outcome: 'unavailable', reason: 'service_account_refused' };
      }
      if (err instanceof InvalidCredentialsError) return { outcome: 'refused', reason: 'wrong_password' };
      const reason = err instanceof ResultCodeError ? `ldap_result_${err.code}` : ((err as NodeJS.ErrnoException).code ?? (err as Error).message ?? 'error');
      this.logger.warn(`Directory did not answer the sign-in of ${username}: ${(err as Error).message}`);
      return { outcome: 'unavailable', reason: String(reason) };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async viaServiceAccount(client: Client, username: string, password: string): Promise<{ dn: string; identity: ExternalIdentity }> {
    await client.bind(this.config.LDAP_BIND_DN as string, this.config.LDAP_BIND_PASSWORD).catch((err: unknown) => {
      throw err instanceof InvalidCredentialsError ? new ServiceAccountRefused() : err;
    });
    const filter = fillTemplate(this.config.LDAP_USER_FILTER, { username }, escapeFilterValue);
    const { searchEntries } = await client.search(this.config.LDAP_USER_BASE as string, { scope: 'sub', filter, attributes: this.attributes(), sizeLimit: 2 });
    if (searchEntries.length === 0) throw new Refused('unknown_user');
    if (searchEntries.length > 1) throw new Refused('ambiguous_user');
    const entry = searchEntries[0];
    this.refuseDisabled(entry);
    const groups = await this.searchGroups(client, entry.dn);
    // The user's own bind checks the password (and the directory's own lockout, e.g. ppolicy) last.
    await client.bind(entry.dn, password);
    return { dn: entry.dn, identity: this.identityOf(username, entry, groups) };
  }

  private async viaUserBind(client: Client, username: string, password: string): Promise<{ dn: string; identity: ExternalIdentity }> {
    const dn = fillTemplate(this.config.LDAP_USER_DN_TEMPLATE as string, { username }, escapeDnValue);
    await client.bind(dn, password);
    // An AD UPN template (`{username}@bo.gov.vn`) is no DN: its entry is found by the filter under LDAP_USER_BASE.
    const byFilter = !/^[^=,@]+=/.test(dn);
    const { searchEntries } = byFilter
      ? await client.search(this.config.LDAP_USER_BASE ?? '', { scope: 'sub', filter: fillTemplate(this.config.LDAP_USER_FILTER, { username }, escapeFilterValue), attributes: this.attributes(), sizeLimit: 2 })
      : await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: this.attributes() });
    if (searchEntries.length !== 1) throw new Refused(searchEntries.length ? 'ambiguous_user' : 'unknown_user');
    const entry = searchEntries[0];
    this.refuseDisabled(entry);
    return { dn: entry.dn, identity: this.identityOf(username, entry, await this.searchGroups(client, entry.dn)) };
  }

  /** Every user attribute (for attribute rules) and those the rules and checks need that `*` leaves out. */
  private attributes(): string[] {
    const extra = this.config.LDAP_ACCOUNT_DISABLED === 'ppolicy' ? ['pwdAccountLockedTime'] : this.config.LDAP_ACCOUNT_DISABLED === 'ad' ? ['userAccountControl'] : [];
    return ['*', this.config.LDAP_GROUPS_ATTRIBUTE, ...extra];
  }

  private refuseDisabled(entry: Entry): void {
    if (this.config.LDAP_ACCOUNT_DISABLED === 'ppolicy' && values(entry, 'pwdAccountLockedTime').includes(PPOLICY_LOCKED_BY_ADMIN)) throw new Refused('disabled');
    if (this.config.LDAP_ACCOUNT_DISABLED === 'ad' && values(entry, 'userAccountControl').some((v) => (Number(v) & AD_ACCOUNT_DISABLED) !== 0)) {
      throw new Refused('disabled');
    }
  }

  private async searchGroups(client: Client, dn: string): Promise<string[]> {
    if (!this.config.LDAP_GROUP_BASE) return [];
    const filter = fillTemplate(this.config.LDAP_GROUP_FILTER, { dn }, escapeFilterValue);
    const { searchEntries } = await client.search(this.config.LDAP_GROUP_BASE, { scope: 'sub', filter, attributes: ['cn'] });
    return searchEntries.map((g) => g.dn);
  }

  private identityOf(username: string, entry: Entry, searchedGroups: string[]): ExternalIdentity {
    const attributes: Record<string, string[]> = {};
    for (const key of Object.keys(entry)) {
      if (key === 'dn' || /^(userPassword|unicodePwd)$/i.test(key)) continue;
      attributes[key] = values(entry, key);
    }
    const groups = [...new Set([...values(entry, this.config.LDAP_GROUPS_ATTRIBUTE), ...searchedGroups])];
    return {
      username,
      name: values(entry, this.config.LDAP_NAME_ATTRIBUTE)[0] ?? username,
      email: values(entry, this.config.LDAP_EMAIL_ATTRIBUTE)[0] ?? null,
      groups,
      attributes,
    };
  }
}
