import * as oidc from 'openid-client';
import { epochSeconds } from '../domain/dates';
import { domainAllowed, groupsOf, normalizeEmail, type Person, type RoleRules } from '../domain/people';
import type { Store } from '../data/client';
import { putSignIn, takeSignIn } from '../data/people';
import type { OidcDeps } from '../shared/deps';
import { logger } from '../shared/logger';
import { EmailBoundElsewhere, signIn } from './people';

// Sign-in through an OpenID Connect provider: authorization code with PKCE, state and nonce (openid-client).

/** A sign-in that cannot go on, said to the person in plain words; never a 500, never a session. */
export class SignInProblem extends Error {
  constructor(
    readonly status: 400 | 403 | 502,
    message: string,
    /** For the audit trail: what was refused, when a person should look into it (another account with someone's e-mail). */
    readonly audit?: string,
  ) {
    super(message);
  }
}

const FLOW_SECONDS = 600;
const DEFAULT_TIMEOUT_SECONDS = 8;

let discovered: { key: string; config: Promise<oidc.Configuration> } | undefined;

/** The provider's configuration, discovered once and kept; a failed discovery is tried again next time. */
async function configurationOf(settings: OidcDeps): Promise<oidc.Configuration> {
  const key = `${settings.issuer} ${settings.clientId}`;
  if (discovered?.key !== key) {
    const insecure = new URL(settings.issuer).protocol === 'http:';
    const config = settings.clientSecret().then((secret) =>
      oidc.discovery(new URL(settings.issuer), settings.clientId, secret, undefined, {
        timeout: settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        // The ID token's signature is checked against the provider's keys, not taken on TLS's word;
        // only a provider on this machine may be plain http (the settings check it).
        execute: insecure ? [oidc.enableNonRepudiationChecks, oidc.allowInsecureRequests] : [oidc.enableNonRepudiationChecks],
      }),
    );
    discovered = { key, config };
    config.catch(() => {
      if (discovered?.config === config) discovered = undefined;
    });
  }
  try {
    return await discovered.config;
  } catch (error) {
    const problem = explain(error);
    if (problem instanceof SignInProblem && problem.status === 502) throw problem;
    throw new SignInProblem(
      502,
      `The identity provider's settings could not be read from ${settings.issuer}/.well-known/openid-configuration. Check OIDC_ISSUER; the admin token still logs in.`,
    );
  }
}

/** Starts a sign-in: the provider's URL to send the browser to, and the state to bind to the browser. */
export async function beginSignIn(store: Store, settings: OidcDeps, redirectUri: string, next: string, now: Date): Promise<{ url: string; state: string }> {
  const config = await configurationOf(settings);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await putSignIn(store, { state, verifier, nonce, next, expiresAt: epochSeconds(now) + FLOW_SECONDS });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

/**
 * Ends a sign-in: the state must be the one this browser started (`boundState`)
 * and is taken once, the code is exchanged, the ID token checked (signature,
 * issuer, audience, expiry, nonce), and the person signed in.
 */
export async function finishSignIn(
  store: Store,
  settings: OidcDeps,
  rules: RoleRules,
  callbackUrl: URL,
  boundState: string | undefined,
  now: Date,
): Promise<{ person: Person; session: string; next: string }> {
  const state = callbackUrl.searchParams.get('state');
  if (!state || state.length > 200)
    throw new SignInProblem(400, 'The answer from the identity provider carries no sign-in to finish. Start again from the login page.');
  if (!boundState || boundState !== state) {
    throw new SignInProblem(400, 'This sign-in was not started in this browser, or took longer than ten minutes. Start again from the login page.');
  }
  const flow = await takeSignIn(store, state);
  if (!flow || flow.expiresAt <= epochSeconds(now))
    throw new SignInProblem(400, 'This sign-in was finished already or has expired. Start again from the login page.');
  const config = await configurationOf(settings);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw explain(error);
  }
  const claims = tokens.claims();
  if (!claims) throw new SignInProblem(400, 'The identity provider sent no ID token.');
  // Some providers keep the e-mail out of the ID token; it is then in userinfo, whose `sub` must be the ID token's.
  let userinfo: Record<string, unknown> = {};
  if (typeof claims.email !== 'string') {
    try {
      userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (error) {
      throw explain(error);
    }
  }
  const profile: Record<string, unknown> = { ...userinfo, ...claims };
  // The e-mail and whether it is verified are read from the same answer, never one from each.
  const said = typeof claims.email === 'string' ? claims : userinfo;
  const email = typeof said.email === 'string' ? normalizeEmail(said.email) : '';
  if (!email || email.length > 254 || !email.includes('@')) {
    throw new SignInProblem(
      400,
      'The identity provider did not say who you are by e-mail, which Learning Signals needs. Ask whoever runs it to add the "email" claim for this application.',
    );
  }
  const unverified = unverifiedBecause(email, said.email_verified);
  if (unverified) throw new SignInProblem(400, unverified);
  if (!domainAllowed(email, settings.allowedDomains)) {
    throw new SignInProblem(
      403,
      `Signing in here is for e-mail addresses at ${settings.allowedDomains.join(', ')}, and ${email} is not one. Sign in with your account there, or ask whoever runs Learning Signals.`,
    );
  }
  const name =
    [profile.name, profile.preferred_username]
      .find((value): value is string => typeof value === 'string' && value.trim() !== '')
      ?.trim()
      .slice(0, 200) ?? email;
  try {
    const signedIn = await signIn(store, { iss: claims.iss, sub: claims.sub, email, name, groups: groupsOf(profile[settings.groupsClaim]) }, rules, now);
    return { ...signedIn, next: flow.next };
  } catch (error) {
    if (!(error instanceof EmailBoundElsewhere)) throw error;
    // Someone else's e-mail from another account: for whoever runs it to look into.
    logger.warn('sign-in refused: e-mail bound to another account', { email, iss: claims.iss, sub: claims.sub });
    throw new SignInProblem(
      403,
      `${email} already belongs to another account at the identity provider, the one that first signed in here with it; Learning Signals keeps a person to that account and never merges another into it. Sign in with that account, or ask whoever runs Learning Signals.`,
      `${email} from another account at the identity provider`,
    );
  }
}

/**
 * Why an e-mail cannot be taken as verified, or undefined when it can: only
 * `email_verified` exactly `true` vouches for it (an e-mail is who a person is
 * here, and ADMIN_EMAILS make admins of some), not a missing claim, nor the
 * text "true".
 */
function unverifiedBecause(email: string, verified: unknown): string | undefined {
  if (verified === true) return undefined;
  if (verified === false) return `The identity provider has not verified ${email}. Verify it there, then sign in again.`;
  if (verified === undefined) {
    return `The identity provider did not say whether ${email} is verified (it sent no "email_verified" claim), and Learning Signals takes only an e-mail the provider has verified. Ask whoever runs it to send "email_verified" for this application.`;
  }
  return `The identity provider's "email_verified" claim for ${email} is ${JSON.stringify(verified)}, not true, so the e-mail is not taken as verified. Ask whoever runs it to send "email_verified" as true or false.`;
}

/** A provider's failure as a sentence for the person (the details go to the log). */
function explain(error: unknown): Error {
  if (error instanceof SignInProblem) return error;
  const e = error as Error & { code?: string; error?: string; error_description?: string; cause?: unknown };
  logger.warn('sign-in failed', { name: e?.name, code: e?.code, message: e?.message });
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SignInProblem(400, `The identity provider refused the sign-in: ${e.error_description ?? e.error ?? 'no reason given'}.`);
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new SignInProblem(
      400,
      `The identity provider refused to finish the sign-in: ${e.error_description ?? e.error ?? 'no reason given'}. Start again from the login page.`,
    );
  }
  const unreachable =
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    (e instanceof TypeError && /fetch/i.test(e.message)) ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|timed? ?out/i.test(`${e?.message} ${(e?.cause as Error | undefined)?.message ?? ''}`);
  if (unreachable)
    return new SignInProblem(502, 'The identity provider did not answer in time. Try again in a minute; the admin token still logs in if it stays down.');
  if (e?.code?.startsWith('OAUTH_')) return new SignInProblem(400, `The identity provider's answer failed a check, so it was not trusted: ${e.message}.`);
  return new SignInProblem(
    502,
    "The identity provider answered in a way Learning Signals cannot use. Try again; if it keeps happening, check the provider's settings.",
  );
}
