// zod/mini: it tree-shakes to a few kilobytes, where zod's full API would add some 450 kB to bundles that carry none (cold starts).
import * as z from 'zod/mini';
import { DEFAULT_DIGEST_SCHEDULE, parseDigestSchedule } from '../domain/digest';
import { parseOnboardingPrefixes } from '../domain/links';
import { isEmailDomain, parseList } from '../domain/people';

// Every setting of the product, declared once: its environment variable, what it
// means, its default and its check, and in AWS the CDK context that sets it and the
// functions that get it. This module is the only reader of `process.env`; the
// dependencies are built from what it returns (app-deps.ts), the CDK stack wires
// each function's environment from the same declarations, and docs/configuration.md
// is generated from them.

/** The Lambda functions, each an entry `functions/{name}/handler.ts`. */
export const FUNCTIONS = ['collect', 'forms', 'admin', 'counts', 'hooks', 'imports', 'digest'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** What the stack turns on from its context; a setting of a feature is set only when its feature is on. */
export type Feature = 'signIn' | 'confluence' | 'google' | 'microsoft' | 'digest' | 'edge';

export interface Declaration {
  /** One line: what it is for, and what unset means when that is not plain. */
  meaning: string;
  /** Its value when unset (or empty), as one would write it. */
  default?: string;
  /** Checks the value (the default when unset) and reads it into what the code uses; a failed check says what the value must be. */
  read: z.ZodMiniType<unknown, string | undefined>;
  /**
   * A secret: never in a template or a log. In AWS its value lives in an SSM
   * SecureString whose name is in `{VARIABLE}_PARAMETER`, read once per cold
   * start by the functions given it; on one machine it is the plain variable.
   */
  secret?: true;
  /** In AWS: the CDK context that sets it (for a secret, the SSM parameter's name), its value when not given, the functions whose environment gets it. */
  aws?: { context?: string; default?: string; functions: readonly FunctionName[]; when?: Feature };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const urlOf = (value: string) => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/** https, or http on this machine only (a local provider or webhook, for trying it and for tests). */
const httpsOrLoopback = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** An address with a name (`Learning Signals <signals@example.com>`) or without. */
const mailbox = (value: string) => EMAIL.test(/<([^>]+)>\s*$/.exec(value)?.[1] ?? value);

const text = z.optional(z.string());
const trimmed = z.pipe(
  text,
  z.transform((value: string | undefined) => value?.trim() || undefined),
);
const list = z.pipe(text, z.transform(parseList));
/** Whether it is set at all: its value is never kept. */
const present = z.pipe(
  text,
  z.transform((value: string | undefined) => Boolean(value)),
);

/** A number the check accepts, said with `message` otherwise. */
const number = (ok: (n: number) => boolean, message: (value: string) => string) =>
  z.pipe(
    z.string().check(z.refine((value) => value.trim() !== '' && ok(Number(value)), { error: (issue) => message(String(issue.input)) })),
    z.transform(Number),
  );

/** A value read by one of the domain's parsers, whose error says what is wrong. */
const parsed = <T>(parse: (value: string) => T) =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        ctx.issues.push({ code: 'custom', message: (error as Error).message, input: value });
        return z.NEVER;
      }
    }),
  );

const FN = {
  /** Every function. */
  all: FUNCTIONS,
  /** The functions that answer requests (behind the edge, they refuse a request that did not come through it). */
  requests: ['collect', 'forms', 'admin', 'hooks'],
  admin: ['admin'],
  hooks: ['hooks'],
  /** The scheduled import, and admin for the import by hand. */
  confluence: ['imports', 'admin'],
  /** Google's and Microsoft's daily imports, and admin for the import by hand, as Confluence's. */
  placeReads: ['imports', 'admin'],
  /** The scheduled digest, and admin for its preview and the send by hand. */
  digest: ['digest', 'admin'],
  /** A platform's webhook secret: the hooks alone. */
  platformHook: ['hooks'],
  /** A platform's API key, where webhooks bring its post-mortems: the hooks (each post-mortem's incident) and admin (the backfill by hand). */
  platformHookApi: ['hooks', 'admin'],
  /** A platform's API key, where the post-mortems are pulled daily: the scheduled pull, and admin (the backfill by hand). */
  platformPull: ['imports', 'admin'],
} as const satisfies Record<string, readonly FunctionName[]>;

export const SETTINGS = {
  // The store and the product's own addresses.
  TABLE_NAME: { meaning: 'the DynamoDB table', default: 'learning-signals', read: z.string(), aws: { functions: FN.all } },
  DYNAMODB_ENDPOINT: { meaning: 'use this DynamoDB instead of starting DynamoDB Local', read: text },
  AWS_REGION: { meaning: 'the AWS region (set by Lambda itself in AWS)', default: 'us-east-1', read: z.string() },
  // The AWS SDK reads its credentials itself; these are read only to know whether there are any (never kept), so a
  // DYNAMODB_ENDPOINT without them (DynamoDB Local) is given placeholder ones.
  AWS_ACCESS_KEY_ID: { meaning: 'with `DYNAMODB_ENDPOINT`: credentials in the environment, as the AWS SDK reads them; none, placeholder ones', read: present },
  AWS_PROFILE: { meaning: 'with `DYNAMODB_ENDPOINT`: a profile the AWS SDK reads credentials from', read: present },
  AWS_CONTAINER_CREDENTIALS_FULL_URI: { meaning: 'with `DYNAMODB_ENDPOINT`: container credentials, as the AWS SDK reads them', read: present },
  PUBLIC_URL: {
    meaning:
      "base of every URL the product hands out (snippets, go-links, the digest's links); unset, `http://localhost:$PORT` on one machine, the request's own origin in AWS",
    read: text,
    aws: { context: 'publicUrl', functions: FN.all },
  },
  READ_SECONDS: {
    meaning: 'visible, focused seconds that make a view an engaged read',
    default: '30',
    read: number(
      (n) => Number.isFinite(n) && n >= 0,
      () => 'READ_SECONDS must be a number of seconds',
    ),
  },
  ONBOARDING_URL_PREFIXES: {
    meaning: 'comma-separated URL prefixes of onboarding material; links under them are of kind `onboarding`',
    read: z.pipe(text, z.transform(parseOnboardingPrefixes)),
    aws: { context: 'onboardingUrlPrefixes', functions: FN.all },
  },
  EDGE_SECRET: {
    meaning:
      "the secret header value the edge (CloudFront) adds on its way to the API: set, a request without it is refused (403), and one with it is taken at CloudFront's viewer address",
    read: text,
    secret: true,
    // A String parameter, not a SecureString: CloudFront's origin header is resolved from it at deploy, which a SecureString cannot be.
    aws: { context: 'edgeSecretParameter', default: '/learning-signals/edge-secret', functions: FN.requests, when: 'edge' },
  },

  // The local server.
  PORT: {
    meaning: "the local server's HTTP port",
    default: '3000',
    read: number(
      (n) => Number.isInteger(n) && n >= 1 && n <= 65_535,
      (value) => `PORT must be a port number from 1 to 65535 (got "${value}").`,
    ),
  },
  DATA_DIR: { meaning: 'where DynamoDB Local keeps its files (and a generated admin token); data survives restarts', default: '.data', read: z.string() },
  RATE_LIMITS: {
    meaning: "`off` lifts the local server's per-address limits on public routes (for load tests from one machine)",
    default: 'on',
    read: z.pipe(
      z.string(),
      z.transform((value: string) => value !== 'off'),
    ),
  },
  TRUST_PROXY: {
    meaning:
      "how many proxies stand in front of the local server: `0`, the client's address is the socket's; `N`, the N-th `X-Forwarded-For` entry from the right",
    default: '0',
    read: number(
      (n) => Number.isInteger(n) && n >= 0 && n <= 10,
      () => 'TRUST_PROXY must be the number of proxies in front: 0 (none) to 10',
    ),
  },

  // Who gets in.
  ADMIN_TOKEN: {
    meaning: 'bearer token for the admin API and the login form; unset on one machine, one is generated at the first start and kept in `DATA_DIR/admin-token`',
    read: text,
    secret: true,
    aws: { context: 'adminTokenParameter', default: '/learning-signals/admin-token', functions: FN.admin },
  },
  OIDC_ISSUER: {
    meaning: "an OpenID Connect provider's issuer URL (`https://`, or `http://` on localhost only); unset, the admin token is the only login",
    read: trimmed.check(
      z.superRefine((issuer, ctx) => {
        if (!issuer) return;
        const url = urlOf(issuer);
        if (!url) ctx.addIssue({ code: 'custom', message: `OIDC_ISSUER must be the identity provider's issuer URL (got "${issuer}")` });
        else if (!httpsOrLoopback(url))
          ctx.addIssue({ code: 'custom', message: 'OIDC_ISSUER must be an https:// URL (http:// only on this machine: localhost or 127.0.0.1)' });
      }),
    ),
    aws: { context: 'oidcIssuer', functions: FN.admin, when: 'signIn' },
  },
  OIDC_CLIENT_ID: {
    meaning: "this product's client id at the provider; its redirect URI is `{PUBLIC_URL}/auth/callback`",
    read: text,
    aws: { context: 'oidcClientId', functions: FN.admin, when: 'signIn' },
  },
  OIDC_CLIENT_SECRET: {
    meaning: "this product's client secret at the provider",
    read: text,
    secret: true,
    aws: { context: 'oidcClientSecretParameter', default: '/learning-signals/oidc-client-secret', functions: FN.admin, when: 'signIn' },
  },
  OIDC_GROUPS_CLAIM: {
    meaning: "the claim (in the ID token or userinfo) that holds a person's groups",
    default: 'groups',
    read: z.string(),
    aws: { context: 'oidcGroupsClaim', functions: FN.admin, when: 'signIn' },
  },
  OIDC_ADMIN_GROUPS: {
    meaning: 'comma-separated groups that make a person an admin at sign-in',
    read: list,
    aws: { context: 'oidcAdminGroups', functions: FN.admin },
  },
  OIDC_FACILITATOR_GROUPS: {
    meaning: 'comma-separated groups that make a person a facilitator at sign-in',
    read: list,
    aws: { context: 'oidcFacilitatorGroups', functions: FN.admin },
  },
  OIDC_ALLOWED_DOMAINS: {
    meaning:
      'comma-separated e-mail domains (`acme.com,acme.co.uk`) whose people may sign in with SSO, each exactly (a subdomain is listed on its own); unset, anyone whose e-mail the provider has verified',
    read: z
      .pipe(
        list,
        z.transform((domains: string[]) => domains.map((domain) => domain.toLowerCase())),
      )
      .check(
        z.superRefine((domains, ctx) => {
          const bad = domains.find((domain) => !isEmailDomain(domain));
          if (bad)
            ctx.addIssue({
              code: 'custom',
              message: `OIDC_ALLOWED_DOMAINS must be e-mail domains separated by commas, such as acme.com ("${bad}" is not one)`,
            });
        }),
      ),
    aws: { context: 'oidcAllowedDomains', functions: FN.admin, when: 'signIn' },
  },
  ADMIN_EMAILS: {
    meaning: 'comma-separated e-mails that are always admins (once the provider has verified them)',
    read: z.pipe(
      list,
      z.transform((emails: string[]) => emails.map((email) => email.toLowerCase())),
    ),
    aws: { context: 'adminEmails', functions: FN.admin },
  },

  // The webhooks.
  GITHUB_WEBHOOK_SECRET: {
    meaning: "the GitHub webhook's secret; unset, `/hooks/github` is not served",
    read: text,
    secret: true,
    aws: { context: 'githubWebhookSecretParameter', functions: FN.hooks },
  },
  SLACK_SIGNING_SECRET: {
    meaning: "the Slack app's signing secret; unset, `/hooks/slack` is not served",
    read: text,
    secret: true,
    aws: { context: 'slackSigningSecretParameter', functions: FN.hooks },
  },
  SLACK_BOT_TOKEN: {
    meaning: "the Slack app's bot token, for permalinks and unfurls",
    read: text,
    secret: true,
    aws: { context: 'slackBotTokenParameter', functions: FN.hooks },
  },
  SLACK_API_URL: { meaning: "Slack's Web API; unset, Slack's own (the tests point it at a local server)", read: text },

  // Confluence's page views.
  CONFLUENCE_URL: {
    meaning: "a Confluence Cloud site (`https://acme.atlassian.net`): write-ups there get the site's own page views, daily (with the two below)",
    read: text,
    aws: { context: 'confluenceUrl', functions: FN.confluence, when: 'confluence' },
  },
  CONFLUENCE_EMAIL: {
    meaning: 'the e-mail of the Confluence account the import reads as',
    read: text,
    aws: { context: 'confluenceEmail', functions: FN.confluence, when: 'confluence' },
  },
  CONFLUENCE_API_TOKEN: {
    meaning: "that account's API token",
    read: text,
    secret: true,
    aws: { context: 'confluenceApiTokenParameter', default: '/learning-signals/confluence-api-token', functions: FN.confluence, when: 'confluence' },
  },

  // Incident platforms: write-ups register themselves where they are born.
  INCIDENT_IO_WEBHOOK_SECRET: {
    meaning: "the incident.io webhook endpoint's signing secret (`whsec_…`); unset, `/hooks/incident-io` is not served",
    read: text,
    secret: true,
    aws: { context: 'incidentIoWebhookSecretParameter', functions: FN.platformHook },
  },
  INCIDENT_IO_API_KEY: {
    meaning:
      "an incident.io API key that may view incidents and post-mortems: each post-mortem's incident gives its day and tags, private incidents' post-mortems are read, and `import incident-io` backfills",
    read: text,
    secret: true,
    aws: { context: 'incidentIoApiKeyParameter', functions: FN.platformHookApi },
  },
  INCIDENT_IO_API_URL: { meaning: "incident.io's API; unset, incident.io's own (the tests point it at a local server)", read: text },
  ROOTLY_WEBHOOK_SECRET: {
    meaning: "the Rootly webhook endpoint's secret; unset, `/hooks/rootly` is not served",
    read: text,
    secret: true,
    aws: { context: 'rootlyWebhookSecretParameter', functions: FN.platformHook },
  },
  ROOTLY_API_KEY: {
    meaning: "a Rootly API key: each post-mortem's incident gives its tags, and `import rootly` backfills",
    read: text,
    secret: true,
    aws: { context: 'rootlyApiKeyParameter', functions: FN.platformHookApi },
  },
  ROOTLY_API_URL: { meaning: "Rootly's API; unset, Rootly's own (the tests point it at a local server)", read: text },
  FIREHYDRANT_API_KEY: {
    meaning:
      "a FireHydrant bot token (`fhb-…`): its retrospectives are pulled daily (FireHydrant's webhooks say nothing of them), and `import firehydrant` backfills",
    read: text,
    secret: true,
    aws: { context: 'firehydrantApiKeyParameter', functions: FN.platformPull },
  },
  FIREHYDRANT_API_URL: { meaning: "FireHydrant's API; unset, FireHydrant's own (the tests point it at a local server)", read: text },

  // Google Workspace's views (Drive's audit log, through the Admin SDK Reports API).
  GOOGLE_SERVICE_ACCOUNT_KEY: {
    meaning:
      "a Google Cloud service account's JSON key, with domain-wide delegation of `admin.reports.audit.readonly`: write-ups that are Google Docs, Sheets or Slides get Drive's views, daily (with the one below)",
    read: text,
    secret: true,
    aws: { context: 'googleServiceAccountKeyParameter', functions: FN.placeReads, when: 'google' },
  },
  GOOGLE_ADMIN_SUBJECT: {
    meaning: 'the e-mail of a Workspace administrator allowed to read reports, whom the service account acts for',
    read: trimmed,
    aws: { context: 'googleAdminSubject', functions: FN.placeReads, when: 'google' },
  },
  GOOGLE_API_URL: {
    meaning: "Google's Reports API and token endpoint (`{url}/token`); unset, Google's own (the tests point both at a local server)",
    read: text,
  },

  // Microsoft 365's views (SharePoint and OneDrive for work, through Microsoft Graph).
  MS_TENANT_ID: {
    meaning: 'the Entra ID tenant (its id or domain): write-ups in SharePoint or OneDrive get their views, daily (with the two below)',
    read: text,
    aws: { context: 'msTenantId', functions: FN.placeReads, when: 'microsoft' },
  },
  MS_CLIENT_ID: {
    meaning: 'the application (client) id of the app registered there, with the `Files.Read.All` application permission',
    read: text,
    aws: { context: 'msClientId', functions: FN.placeReads, when: 'microsoft' },
  },
  MS_CLIENT_SECRET: {
    meaning: "that app's client secret (its value, not its id)",
    read: text,
    secret: true,
    aws: { context: 'msClientSecretParameter', functions: FN.placeReads, when: 'microsoft' },
  },
  MS_GRAPH_URL: { meaning: "Microsoft Graph; unset, Microsoft's own (the tests point it at a local server)", read: text },
  MS_LOGIN_URL: { meaning: "Entra ID's sign-in; unset, Microsoft's own (the tests point it at a local server)", read: text },

  // The weekly digest.
  DIGEST_SCHEDULE: {
    meaning: 'when the digest goes out each week, a weekday and a UTC time',
    default: DEFAULT_DIGEST_SCHEDULE,
    read: parsed(parseDigestSchedule),
    aws: { context: 'digestSchedule', default: DEFAULT_DIGEST_SCHEDULE, functions: FN.digest, when: 'digest' },
  },
  DIGEST_SLACK_WEBHOOK_URL: {
    meaning: 'a Slack incoming webhook (`https://hooks.slack.com/services/…`) the weekly digest is posted to',
    read: trimmed.check(
      z.refine((webhook) => {
        const url = webhook === undefined ? undefined : urlOf(webhook);
        return webhook === undefined || (url !== undefined && httpsOrLoopback(url));
      }, 'DIGEST_SLACK_WEBHOOK_URL must be the https:// address of a Slack incoming webhook (https://hooks.slack.com/services/…)'),
    ),
    secret: true,
    aws: { context: 'digestSlackWebhookParameter', functions: FN.digest, when: 'digest' },
  },
  DIGEST_EMAIL_TO: {
    meaning: 'comma-separated addresses (at most 50) the weekly digest is mailed to',
    read: list.check(
      z.superRefine((to, ctx) => {
        const bad = to.find((address) => !mailbox(address));
        if (bad) ctx.addIssue({ code: 'custom', message: `DIGEST_EMAIL_TO must be e-mail addresses separated by commas ("${bad}" is not one)` });
        else if (to.length > 50) ctx.addIssue({ code: 'custom', message: 'DIGEST_EMAIL_TO may name at most 50 addresses (a mailing list is one)' });
      }),
    ),
    aws: { context: 'digestEmailTo', functions: FN.digest, when: 'digest' },
  },
  DIGEST_EMAIL_FROM: {
    meaning: "the sender of the digest and of reviews' mail (invitations, survey links) (`Learning Signals <signals@acme.com>`); in AWS verified in SES",
    read: trimmed,
    aws: { context: 'digestEmailFrom', functions: FN.digest, when: 'digest' },
  },
  SMTP_URL: {
    meaning:
      'the mail server for the digest, `smtp://[user:pass@]host[:port]` or `smtps://…`; needed with `DIGEST_EMAIL_TO` on one machine (in AWS, mail goes through SES)',
    read: trimmed.check(
      z.refine(
        (smtp) => smtp === undefined || /^smtps?:\/\/[^/]+/.test(smtp),
        'SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://… (got another kind of address)',
      ),
    ),
  },
  AWS_LAMBDA_FUNCTION_NAME: { meaning: "set by Lambda itself: there the digest's mail goes through SES", read: text },
} as const satisfies Record<string, Declaration>;

export type SettingName = keyof typeof SETTINGS;
export type SecretName = { [K in SettingName]: (typeof SETTINGS)[K] extends { secret: true } ? K : never }[SettingName];
export type ContextName = { [K in SettingName]: (typeof SETTINGS)[K] extends { aws: { context: infer C extends string } } ? C : never }[SettingName];

/** The settings as read: each variable's value by its own name, and for each secret the SSM parameter that holds it in AWS. */
export type Settings = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['read']> } & { [K in SecretName as `${K}_PARAMETER`]?: string };

const SECRETS = (Object.keys(SETTINGS) as SettingName[]).filter((name): name is SecretName => 'secret' in SETTINGS[name]);

/** What is wrong between settings, each right by itself. */
function together(settings: Settings): string[] {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);
  if (settings.OIDC_ISSUER) {
    if (!settings.OIDC_CLIENT_ID) problem('OIDC_CLIENT_ID must be set with OIDC_ISSUER: the client id this product is registered with');
    if (!settings.OIDC_CLIENT_SECRET && !settings.OIDC_CLIENT_SECRET_PARAMETER)
      problem('OIDC_CLIENT_SECRET (or, in AWS, OIDC_CLIENT_SECRET_PARAMETER) must be set with OIDC_ISSUER');
  }
  const secretSet = (name: SecretName) => Boolean(settings[name] || settings[`${name}_PARAMETER`]);
  if (secretSet('GOOGLE_SERVICE_ACCOUNT_KEY') !== Boolean(settings.GOOGLE_ADMIN_SUBJECT))
    problem('GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_ADMIN_SUBJECT go together: the key, and the administrator it acts for');
  else if (settings.GOOGLE_ADMIN_SUBJECT && !EMAIL.test(settings.GOOGLE_ADMIN_SUBJECT))
    problem(`GOOGLE_ADMIN_SUBJECT must be an administrator's e-mail address, not "${settings.GOOGLE_ADMIN_SUBJECT}"`);
  const microsoft = [Boolean(settings.MS_TENANT_ID), Boolean(settings.MS_CLIENT_ID), secretSet('MS_CLIENT_SECRET')];
  if (microsoft.some(Boolean) && !microsoft.every(Boolean))
    problem('MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET go together: the tenant, the app and its secret');
  if (settings.DIGEST_EMAIL_TO.length) {
    const from = settings.DIGEST_EMAIL_FROM;
    if (!from || !mailbox(from)) problem('DIGEST_EMAIL_FROM must be set with DIGEST_EMAIL_TO: the address the digest is sent from');
    if (!settings.SMTP_URL && !settings.AWS_LAMBDA_FUNCTION_NAME) {
      problem('SMTP_URL must be set with DIGEST_EMAIL_TO when running here: the mail server to send through, e.g. smtp://localhost:1025');
    }
  }
  return problems;
}

// An empty variable is an unset one.
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const schema = z
  .object({
    ...Object.fromEntries(
      Object.entries(SETTINGS).map(([name, setting]: [string, Declaration]) => [
        name,
        z.pipe(
          z.transform((value: unknown) => (unsetIfEmpty(value) ?? setting.default) as string | undefined),
          setting.read,
        ),
      ]),
    ),
    ...Object.fromEntries(
      SECRETS.map((name) => [
        `${name}_PARAMETER`,
        z.pipe(
          z.transform((value: unknown) => unsetIfEmpty(value) as string | undefined),
          text,
        ),
      ]),
    ),
  })
  .check(
    // Once each setting is right by itself.
    z.superRefine(
      (settings, ctx) => {
        for (const message of together(settings as Settings)) ctx.addIssue({ code: 'custom', message });
      },
      { when: (payload) => payload.issues.length === 0 },
    ),
  );

/** What is wrong with the settings, one line a problem. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** The settings from the environment (the process's, unless given), checked: a SettingsError says every problem. */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const result = schema.safeParse(env);
  if (!result.success) throw new SettingsError(result.error.issues.map((issue) => issue.message).join('\n'));
  return result.data as Settings;
}

/** Where the digest is mailed, from whom, and through which server (SES in Lambda); none without DIGEST_EMAIL_TO. */
export function digestEmailOf(settings: Settings): { to: string[]; from: string; via: { smtpUrl: string } | 'ses' } | undefined {
  if (!settings.DIGEST_EMAIL_TO.length || !settings.DIGEST_EMAIL_FROM) return undefined;
  return { to: settings.DIGEST_EMAIL_TO, from: settings.DIGEST_EMAIL_FROM, via: settings.SMTP_URL ? { smtpUrl: settings.SMTP_URL } : 'ses' };
}

/** Where reviews' mail comes from and goes through: DIGEST_EMAIL_FROM with SMTP_URL here, SES in Lambda; none without a sender or a way. */
export function reviewMailOf(settings: Settings): { from: string; via: { smtpUrl: string } | 'ses' } | undefined {
  if (!settings.DIGEST_EMAIL_FROM) return undefined;
  if (settings.SMTP_URL) return { from: settings.DIGEST_EMAIL_FROM, via: { smtpUrl: settings.SMTP_URL } };
  return settings.AWS_LAMBDA_FUNCTION_NAME ? { from: settings.DIGEST_EMAIL_FROM, via: 'ses' } : undefined;
}

/** Whether the environment holds AWS credentials for the SDK to read (without them, an endpoint of DynamoDB Local gets placeholder ones). */
export const awsCredentialsOf = (settings: Settings) => settings.AWS_ACCESS_KEY_ID || settings.AWS_PROFILE || settings.AWS_CONTAINER_CREDENTIALS_FULL_URI;
