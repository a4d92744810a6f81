import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { endSession, SESSION_SECONDS, startSession } from '../services/access';
import { recordChange } from '../services/audit';
import { beginSignIn, finishSignIn, SignInProblem } from '../services/sign-in';
import { nowOf, publicUrlOf, roleRulesOf, type AppDeps } from '../shared/deps';
import { readSubmission } from '../shared/submission';
import { tokensMatch } from '../shared/tokens';
import { clearSessionCookie, isHttps, readSessionCookie, safeNext, sameOrigin, setSessionCookie } from '../shared/session';
import { group } from '../shared/app';
import { DashboardPage } from './dashboard/layout';
import { DOCTYPE, FAVICON_PATH } from '../shared/page-head';
import { authPages } from './dashboard/pages.routes';
import { markAuditMissing } from './authorize';

/** Binds a sign-in under way to the browser that started it. Lax: the provider sends the browser back from its own site. */
const SIGN_IN_COOKIE = 'ls_signin';

function LoginPage(props: { next: string; error?: string; tokenHint?: string; sso: boolean }) {
  return (
    <DashboardPage title="Log in">
      <h1>Log in</h1>
      <p>The dashboard is for the people who run reviews and read the signals.</p>
      {props.error ? (
        <p role="alert" class="field-error" style="max-width:none">
          {props.error}
        </p>
      ) : null}
      {props.sso ? (
        <p>
          <a class="button" href={`/auth/login?next=${encodeURIComponent(props.next)}`} style="padding:0.6rem 1rem">
            Sign in with SSO
          </a>
        </p>
      ) : null}
      <details open={!props.sso || Boolean(props.error)}>
        <summary>{props.sso ? 'Log in with the admin token (break glass)' : 'Log in with the admin token'}</summary>
        <p class="muted" id="token-hint">{`Where it is: ${props.tokenHint ?? 'ask whoever runs Learning Signals here.'}`}</p>
        <form method="post" action="/login" style="display:grid;gap:0.75rem;max-width:24rem">
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token</label>
          <input
            id="token"
            type="password"
            name="token"
            autocomplete="current-password"
            required
            aria-describedby="token-hint"
            aria-invalid={props.error ? 'true' : undefined}
          />
          <button type="submit">Log in</button>
        </form>
      </details>
    </DashboardPage>
  );
}

function SignInProblemPage(props: { message: string }) {
  return (
    <DashboardPage title="Sign-in did not work">
      <h1>Sign-in did not work</h1>
      <p role="alert">{props.message}</p>
      <p>
        <a href="/login">Back to the login page</a>
      </p>
    </DashboardPage>
  );
}

const notOurs = (c: Context) =>
  c.html(
    <DashboardPage title="Not allowed">
      <h1>Not allowed</h1>
      <p>This request did not come from this site's own pages.</p>
    </DashboardPage>,
    403,
  );

/** `/login`, `/logout` and the SSO round trip `/auth/login` → provider → `/auth/callback`. */
export function authPageHandlers(deps: AppDeps) {
  const sso = Boolean(deps.oidc);
  const login = (c: Context, next: string, error?: string, status: 200 | 401 = 200) =>
    c.html(<LoginPage next={next} error={error} tokenHint={deps.adminTokenHint} sso={sso} />, status);

  const loginPage = (c: Context) => login(c, safeNext(c.req.query('next')));

  // The admin token, as the break-glass key: a session acting as admin, ended by a new token.
  const logIn = async (c: Context) => {
    if (!sameOrigin(c, deps.publicUrl)) return notOurs(c);
    const fields = (await readSubmission(c))?.fields ?? {};
    const next = safeNext(typeof fields.next === 'string' ? fields.next : undefined);
    const token = typeof fields.token === 'string' ? fields.token : '';
    const adminToken = await deps.adminToken();
    const now = nowOf(deps);
    if (!tokensMatch(token, adminToken)) {
      // Who tried is not known, and neither what was typed nor the address is kept.
      const written = await recordChange(deps.store, {
        at: now.toISOString(),
        actor: 'unknown',
        action: 'session.refused',
        target: 'a wrong admin token',
        route: 'POST /login',
        status: 401,
      });
      if (!written) markAuditMissing(c);
      return login(c, next, 'That token is not right.', 401);
    }
    const session = await startSession(deps.store, { email: null, name: 'admin token', role: 'admin' }, now, adminToken);
    const written = await recordChange(deps.store, {
      at: now.toISOString(),
      actor: 'admin token',
      action: 'session.start',
      target: 'signed in as admin',
      route: 'POST /login',
      status: 303,
    });
    if (!written) markAuditMissing(c);
    setSessionCookie(c, session, SESSION_SECONDS);
    return c.redirect(next, 303);
  };

  const logout = async (c: Context) => {
    if (!sameOrigin(c, deps.publicUrl)) return notOurs(c);
    await endSession(deps.store, readSessionCookie(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  };

  const signInStart = async (c: Context) => {
    if (!deps.oidc) return c.html(<SignInProblemPage message="Single sign-on is not set up here: log in with the admin token." />, 404);
    const next = safeNext(c.req.query('next'));
    try {
      const started = await beginSignIn(deps.store, deps.oidc, `${publicUrlOf(deps, c.req.url)}/auth/callback`, next, nowOf(deps));
      setCookie(c, SIGN_IN_COOKIE, started.state, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/auth', maxAge: 600 });
      return c.redirect(started.url, 302);
    } catch (error) {
      if (error instanceof SignInProblem) return c.html(<SignInProblemPage message={error.message} />, error.status);
      throw error;
    }
  };

  const signInCallback = async (c: Context) => {
    if (!deps.oidc) return c.html(<SignInProblemPage message="Single sign-on is not set up here: log in with the admin token." />, 404);
    const bound = getCookie(c, SIGN_IN_COOKIE);
    deleteCookie(c, SIGN_IN_COOKIE, { path: '/auth', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
    // The provider answered at our public address: the code is checked against that redirect URI.
    const request = new URL(c.req.url);
    const callbackUrl = new URL(`${publicUrlOf(deps, c.req.url)}/auth/callback${request.search}`);
    try {
      const now = nowOf(deps);
      const signedIn = await finishSignIn(deps.store, deps.oidc, roleRulesOf(deps), callbackUrl, bound, now);
      const written = await recordChange(deps.store, {
        at: now.toISOString(),
        actor: signedIn.person.email,
        action: 'session.start',
        target: `signed in as ${signedIn.person.role}`,
        route: 'GET /auth/callback',
        status: 200,
      });
      if (!written) markAuditMissing(c);
      setSessionCookie(c, signedIn.session, SESSION_SECONDS);
      // A page, not a redirect: after a trip through the provider's site the browser would
      // hold back a SameSite=Strict cookie on a redirect, but sends it when our own page moves on.
      return c.html(
        <>
          {DOCTYPE}
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
              <meta http-equiv="refresh" content={`0;url=${signedIn.next}`} />
              <title>Signed in · Learning Signals</title>
            </head>
            <body style="font:1rem/1.5 system-ui,sans-serif;margin:2rem">
              <p>{`Signed in as ${signedIn.person.email} (${signedIn.person.role}).`}</p>
              <p>
                <a href={signedIn.next}>Continue</a>
              </p>
            </body>
          </html>
        </>,
      );
    } catch (error) {
      if (!(error instanceof SignInProblem)) throw error;
      // Another account carrying someone's e-mail is for an admin to see, not only a log line.
      if (error.audit) {
        const written = await recordChange(deps.store, {
          at: nowOf(deps).toISOString(),
          actor: 'unknown',
          action: 'session.refused',
          target: error.audit,
          route: 'GET /auth/callback',
          status: error.status,
        });
        if (!written) markAuditMissing(c);
      }
      return c.html(<SignInProblemPage message={error.message} />, error.status);
    }
  };

  return group(authPages, { loginPage, login: logIn, logout, signInStart, signInCallback });
}
