import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLocalPort, portAnswers } from './local-port';

/**
 * An OpenLDAP server of a test's own: Debian's slapd (scripts/ensure-services.sh installs it), with an mdb database
 * in a temporary folder, plain LDAP (StartTLS offered) and LDAPS on free ports, a certificate signed by a CA made for
 * the run, and the ppolicy overlay with a default policy (`pwdLockout: TRUE`), so an entry carrying
 * `pwdAccountLockedTime: 000001010000Z` is locked: its binds fail with invalidCredentials.
 */
export interface TestSlapd {
  /** `ldap://127.0.0.1:<port>` (StartTLS available on it). */
  ldapUrl: string;
  /** `ldaps://127.0.0.1:<port>`. */
  ldapsUrl: string;
  /** PEM of the CA that signed the server's certificate. */
  caFile: string;
  /** PEM of another CA, which did not sign it (a client trusting only this one must refuse the server). */
  otherCaFile: string;
  /** The suffix, e.g. `dc=bo,dc=test`. */
  suffix: string;
  /** The root DN and its password: may write anything (a test changing a group). */
  adminDn: string;
  adminPassword: string;
  /** What slapd logged (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

/** msuser: Active Directory's attributes (userAccountControl…), for entries that imitate AD's (with extensibleObject). */
const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis', 'msuser'];

function binary(name: 'slapd' | 'slapadd'): string {
  for (const candidate of [`/usr/sbin/${name}`, `/usr/bin/${name}`]) if (existsSync(candidate)) return candidate;
  throw new Error(`${name} is not installed: scripts/ensure-services.sh installs it (apt-get install slapd ldap-utils)`);
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA (`<name>.crt`, `<name>.key`) in `dir`, valid two days. */
function makeCa(dir: string, name: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=Tien Do test ${name}`], dir);
}

/**
 * Starts slapd with the suffix `suffix` (default `dc=bo,dc=test`), its base entry, a default password policy
 * (`cn=default,<suffix>`), and the entries of `ldif` (LDIF text, records separated by blank lines) loaded with
 * slapadd. Access: userPassword is only used to bind; then the `access` lines given (slapd.conf `access to …`);
 * every entry is readable by itself and by `readers` (DNs of service accounts), by nobody else. Resolves once both ports accept connections.
 */
export async function startSlapd(options: { ldif: string; suffix?: string; readers?: string[]; access?: string[] }): Promise<TestSlapd> {
  const suffix = options.suffix ?? 'dc=bo,dc=test';
  const top = /^dc=([^,]+)/.exec(suffix)?.[1] ?? 'test';
  const [ldapPort, ldapsPort] = [await freeLocalPort(), await freeLocalPort()];
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-slapd-'));
  mkdirSync(join(dir, 'db'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext'], dir);
  const adminDn = `cn=admin,${suffix}`;
  const adminPassword = 'admin-' + Math.random().toString(36).slice(2);
  const readers = (options.readers ?? []).map((dn) => `by dn.exact="${dn}" read`).join(' ');
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      ...SCHEMAS.map((s) => `include /etc/ldap/schema/${s}.schema`),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload ppolicy',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `TLSCACertificateFile ${join(dir, 'ca.crt')}`,
      `TLSCertificateFile ${join(dir, 'server.crt')}`,
      `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
      'database mdb',
      `suffix "${suffix}"`,
      `rootdn "${adminDn}"`,
      `rootpw ${adminPassword}`,
      `directory ${join(dir, 'db')}`,
      'maxsize 10485760',
      'overlay ppolicy',
      `ppolicy_default "cn=default,${suffix}"`,
      'access to attrs=userPassword by self write by anonymous auth by * none',
      ...(options.access ?? []),
      `access to * ${readers} by self read by * none`,
      '',
    ].join('\n'),
  );
  const base = [
    `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${top}\no: ${top}`,
    `dn: cn=default,${suffix}\nobjectClass: organizationalRole\nobjectClass: pwdPolicy\ncn: default\npwdAttribute: userPassword\npwdLockout: TRUE`,
  ];
  writeFileSync(join(dir, 'data.ldif'), [...base, options.ldif.trim()].join('\n\n') + '\n');
  try {
    execFileSync(binary('slapadd'), ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'data.ldif')], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`slapadd refused the test directory: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
  const logfile = join(dir, 'slapd.log');
  // `-d 0`: stays in the foreground (the test owns the process) and logs nothing but its errors.
  const child: ChildProcess = spawn(binary('slapd'), ['-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${ldapPort}/ ldaps://127.0.0.1:${ldapsPort}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () => output + (existsSync(logfile) ? readFileSync(logfile, 'utf8') : '');
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  for (let i = 0; !((await portAnswers(ldapPort)) && (await portAnswers(ldapsPort))); i++) {
    if (exited || i > 200) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`slapd did not start on ports ${ldapPort}/${ldapsPort}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    ldapUrl: `ldap://127.0.0.1:${ldapPort}`,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    caFile: join(dir, 'ca.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
    suffix,
    adminDn,
    adminPassword,
    log,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
