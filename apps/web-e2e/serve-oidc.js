// The ministry's single sign-on for the browser tests: a real OpenID Connect provider (oidc-provider, in
// libs/server/testing/oidc/provider.mjs) on E2E_OIDC_PORT, whose client is the e2e API on E2E_PORT. Its accounts are
// the people of oidc.e2e.ts; the groups are what the admin's mapping rules read.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const app = `http://127.0.0.1:${process.env.E2E_PORT || 3100}`;
const config = {
  port: Number(process.env.E2E_OIDC_PORT || 3120),
  clients: [
    {
      client_id: 'tiendo-e2e',
      client_secret: 'e2e-client-secret-not-for-production',
      redirect_uris: [`${app}/dang-nhap/oidc`],
      post_logout_redirect_uris: [`${app}/dang-nhap`],
    },
  ],
  accounts: [
    {
      sub: 'e2e-0001',
      username: 'tran.thi.sso',
      password: 'Cong-dang-nhap-2026',
      claims: { name: 'Trần Thị Sơn', preferred_username: 'tran.thi.sso', email: 'son.tt@mic.gov.vn', email_verified: true, groups: ['/Bo-TTTT/VP', 'can-bo'] },
    },
  ],
};
const provider = spawn(process.execPath, [path.join(root, 'libs/server/testing/oidc/provider.mjs'), '-'], { stdio: ['pipe', 'inherit', 'inherit'] });
provider.stdin.end(JSON.stringify(config));
const stop = () => provider.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
provider.once('exit', (code) => process.exit(code ?? 0));
