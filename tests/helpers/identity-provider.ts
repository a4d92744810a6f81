import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider, certified) on a local port,
 * with this product registered as a client and people in groups. Its own
 * login pages (any password) sign people in; an account's login is its `sub`.
 * `tamper` rewrites what its token
 * endpoint answers, to test what a broken or hostile provider could send;
 * `sign` makes ID tokens with its own key.
 */
export interface TestPerson {
  email?: string;
  name: string;
  groups: string[];
  /** Sent as it is, of whatever type; an account without it sends no such claim. */
  email_verified?: unknown;
}

export const PEOPLE: Record<string, TestPerson> = {
  alice: { email: 'alice@acme.example', name: 'Alice Admin', groups: ['sre-leads', 'everyone'], email_verified: true },
  fran: { email: 'fran@acme.example', name: 'Fran Facilitator', groups: ['facilitators', 'everyone'], email_verified: true },
  vic: { email: 'vic@acme.example', name: 'Vic Viewer', groups: ['everyone'], email_verified: true },
  nomail: { name: 'No Mail', groups: ['everyone'] },
  unverified: { email: 'unverified@acme.example', name: 'Not Verified', groups: [], email_verified: false },
  // Accounts alike but for how (or whether) the provider says it verified the e-mail.
  una: { email: 'una@acme.example', name: 'Una', groups: ['everyone'], email_verified: true },
  'una-unsaid': { email: 'una@acme.example', name: 'Una', groups: ['everyone'] },
  'una-false': { email: 'una@acme.example', name: 'Una', groups: ['everyone'], email_verified: false },
  'una-text-false': { email: 'una@acme.example', name: 'Una', groups: ['everyone'], email_verified: 'false' },
  'una-text-true': { email: 'una@acme.example', name: 'Una', groups: ['everyone'], email_verified: 'true' },
  'una-null': { email: 'una@acme.example', name: 'Una', groups: ['everyone'], email_verified: null },
  // An e-mail the tests list in ADMIN_EMAILS, from accounts that do not say it is verified: no claim, the text "false".
  'root-unsaid': { email: 'root@acme.example', name: 'Root', groups: [] },
  'root-text-false': { email: 'root@acme.example', name: 'Root', groups: [], email_verified: 'false' },
  // As the probe did: another account with alice's verified e-mail, outside her admins' group.
  mallory: { email: 'alice@acme.example', name: 'Alice Admin', groups: ['everyone'], email_verified: true },
  // A verified e-mail outside the domain the tests allow.
  outsider: { email: 'outsider@elsewhere.example', name: 'Oscar Outsider', groups: ['everyone'], email_verified: true },
};

/**
 * Another account with the same claims as `login`'s (e-mail, name, groups,
 * verified) but its own `sub`: what a second account carrying someone's
 * e-mail looks like to us.
 */
export const otherAccountOf = (login: string) => `${login}~other`;

/** Any login not listed above is an account with a verified `{login}@acme.example`. */
function personOf(login: string): TestPerson {
  const base = login.endsWith('~other') ? login.slice(0, -'~other'.length) : login;
  return PEOPLE[base] ?? { email: `${base}@acme.example`, name: base, groups: [], email_verified: true };
}

export const CLIENT = { id: 'learning-signals', secret: 'a-client-secret-for-tests-only-0123456789' };
export const OTHER_CLIENT = { id: 'another-app', secret: 'another-secret-for-tests-only-0123456789' };

export interface IdentityProvider {
  issuer: string;
  /** Rewrites the token endpoint's JSON answer while set. */
  tamper: (rewrite: ((body: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>) | undefined) => void;
  /** An ID token signed with the provider's own key (or another key), with these claims. */
  sign: (claims: Record<string, unknown>, options?: { foreignKey?: boolean }) => Promise<string>;
  stop: () => Promise<void>;
}

export async function startIdentityProvider(redirectUris: string[]): Promise<IdentityProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const foreign = await generateKeyPair('RS256', { extractable: true });

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      { client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] },
      {
        client_id: OTHER_CLIENT.id,
        client_secret: OTHER_CLIENT.secret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['cookie-key-for-tests-only'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3_600, Grant: 3_600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const person = personOf(id);
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            name: person.name,
            groups: person.groups,
            ...(person.email ? { email: person.email } : {}),
            ...('email_verified' in person ? { email_verified: person.email_verified } : {}),
          };
        },
      };
    },
  });
  let rewrite: Parameters<IdentityProvider['tamper']>[0];
  provider.use(async (ctx, next) => {
    await next();
    if (rewrite && ctx.path === '/token' && ctx.body && typeof ctx.body === 'object') ctx.body = await rewrite(ctx.body as Record<string, unknown>);
  });
  server.on('request', provider.callback());

  return {
    issuer,
    tamper: (fn) => {
      rewrite = fn;
    },
    sign: async (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: options.foreignKey ? 'unknown-key' : 'test-key-1' })
        .sign(options.foreignKey ? foreign.privateKey : privateKey),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Walks the provider's own pages as a browser would (redirects, its login
 * form, its consent form), from our `/auth/login` to the request our
 * `/auth/callback` receives. Answers the callback URL.
 */
export async function throughProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
  };
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
    keep(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url).href;
      if (!next.startsWith(new URL(authorizationUrl).origin)) return next;
      url = next;
      init = {};
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
    if (!form) throw new Error(`the provider answered ${res.status} without a form: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.set(name!, value!);
    if (/name="login"/.test(html)) {
      fields.set('login', login);
      fields.set('password', 'any password');
    }
    url = new URL(form[1]!.replace(/&amp;/g, '&'), url).href;
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() };
  }
  throw new Error('the provider did not send the browser back');
}

/** The product's sign-in through this provider, as the tests set it: groups from `groups`, e-mails of these domains. */
export const oidcThrough = (idp: IdentityProvider, overrides: { allowedDomains?: string[]; timeoutSeconds?: number } = {}) => ({
  issuer: idp.issuer,
  clientId: CLIENT.id,
  clientSecret: async () => CLIENT.secret,
  groupsClaim: 'groups',
  allowedDomains: overrides.allowedDomains ?? ['acme.example'],
  timeoutSeconds: overrides.timeoutSeconds ?? 2,
});

/** Signs `login` in to an app through the provider, as a browser would; answers the session cookie (`ls_session=…`). */
export async function sessionOf(app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }, base: string, login: string) {
  const start = await app.request(`${base}/auth/login?next=/`);
  const bound = /^(ls_signin=[^;]+)/.exec(start.headers.get('set-cookie') ?? '')?.[1];
  if (!bound) throw new Error('no sign-in cookie from /auth/login');
  const signedIn = await app.request(await throughProvider(start.headers.get('location')!, login), { headers: { cookie: bound } });
  const session = /(?:^|, )(ls_session=[^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`${login} was not signed in (${signedIn.status})`);
  return session;
}
