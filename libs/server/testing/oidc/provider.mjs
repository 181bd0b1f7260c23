// A real OpenID Connect provider for the test tier and the browser tests: `oidc-provider` (the certified library
// Keycloak-like providers are tested against), run as a process of its own over HTTP on 127.0.0.1.
//
//   node libs/server/testing/oidc/provider.mjs <config.json>
//   node libs/server/testing/oidc/provider.mjs -   (the config as JSON on standard input)
//
// config.json: { port, issuer?, clients: [client metadata], accounts: [{ sub, username, password, claims, amr? }] }.
// Prints one line `ready <issuer>` on stdout once it listens. Its sign-in page is a plain form (username, password)
// at /interaction/<uid>; consent is granted at once (the ministry's own application). `amr` of an account is what
// the provider says it asked for (["pwd"] by default, ["pwd","otp"] for an account with a second factor).
import Provider from 'oidc-provider';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const config = JSON.parse(readFileSync(process.argv[2] === '-' ? 0 : process.argv[2], 'utf8'));
const port = Number(config.port);
const issuer = config.issuer ?? `http://127.0.0.1:${port}`;
const accounts = new Map(config.accounts.map((a) => [a.sub, a]));
const byUsername = new Map(config.accounts.map((a) => [a.username, a]));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test-key' };

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
  claims: {
    openid: ['sub', 'amr'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
    groups: ['groups'],
    // amr (with openid): the provider fills it from the sign-in (below) into the ID token.
  },
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        // Asked nothing: the test's user always confirms signing out of the provider.
        // `logout=yes` ends the provider's own session too (without it, only the client's is ended).
        const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
        ctx.body = `<!doctype html><html><body>${confirmed}<script>document.forms[0].submit()</script></body></html>`;
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = '<!doctype html><html><body><p>Signed out of the provider.</p></body></html>';
      },
    },
  },
  findAccount: async (_ctx, sub) => {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!doctype html><html><body><h1>${out.error}</h1><p>${out.error_description ?? ''}</p></body></html>`;
  },
});
// Plain HTTP on loopback: the provider must not insist on TLS-only cookies.
provider.proxy = true;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const loginPage = (uid, message = '') => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập</title></head>
<body><h1>Cổng đăng nhập (thử nghiệm)</h1>${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Tên đăng nhập <input name="username" autocomplete="username"></label>
<label>Mật khẩu <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Đăng nhập</button></form></body></html>`;

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid));
      return;
    }
    if (action !== 'login') throw new Error('unexpected interaction step');
    const form = await readForm(req);
    const account = byUsername.get(form.get('username') ?? '');
    if (!account || account.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, 'Sai tên đăng nhập hoặc mật khẩu'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.sub, amr: account.amr ?? ['pwd'] } }, { mergeWithLastSubmission: false });
    return;
  }
  // consent: granted for what was asked.
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const handler = provider.callback();
const server = createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(\w+))?/.exec(req.url ?? '');
  if (!match) return handler(req, res);
  interaction(req, res, match[1], match[2]).catch((err) => {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(String(err?.message ?? err));
  });
});
provider.on('grant.error', (ctx, err) => process.stderr.write(`grant.error ${err.message} ${err.error_detail ?? ''}\n`));
server.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
