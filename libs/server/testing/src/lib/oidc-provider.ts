import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freeLocalPort } from './local-port';

/** An account of the test provider: what the directory behind a ministry's single sign-on knows of a person. */
export interface OidcTestAccount {
  sub: string;
  username: string;
  password: string;
  /** Claims given with the profile, email and groups scopes: name, preferred_username, email, groups… */
  claims: Record<string, unknown>;
  /** What the provider says it asked at sign-in (the ID token's `amr`); `["pwd"]` when unset. */
  amr?: string[];
}

export interface OidcTestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer, whose discovery document is at /.well-known/openid-configuration. */
  issuer: string;
  port: number;
  /** What the provider printed (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

/** The provider's script, beside this folder: libs/server/testing/oidc/provider.mjs. */
export const OIDC_PROVIDER_SCRIPT = resolve(__dirname, '../../oidc/provider.mjs');

/**
 * Starts a real OpenID Connect provider (`oidc-provider`, libs/server/testing/oidc/provider.mjs) over HTTP on a free
 * port (or `port`) of 127.0.0.1, with the given clients and accounts, in a process of its own (the library is an ES
 * module, and a separate process is what the product meets in production). Resolves once it listens; rejects with
 * its output if it exits first.
 */
export async function startOidcProvider(options: { clients: OidcTestClient[]; accounts: OidcTestAccount[]; port?: number }): Promise<TestOidcProvider> {
  const port = options.port ?? (await freeLocalPort());
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-oidc-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ port, clients: options.clients, accounts: options.accounts }));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [OIDC_PROVIDER_SCRIPT, configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk) => (output += chunk));
  const issuer = await new Promise<string>((done, fail) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const ready = /ready (\S+)/.exec(output);
      if (ready) done(ready[1]);
    });
    child.once('exit', (code) => fail(new Error(`the OIDC provider exited (${code}) before it listened:\n${output}`)));
  });
  child.removeAllListeners('exit');
  return {
    issuer,
    port,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
