import { parseOnboardingPrefixes } from '../domain/links';
import { parseList, type RoleRules } from '../domain/people';
import { parseDigestSchedule, type DigestSchedule } from '../domain/digest';

/** Sign-in through an OpenID Connect provider (unset: the admin token is the only login). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Locally OIDC_CLIENT_SECRET; in Lambda read from the parameter named by OIDC_CLIENT_SECRET_PARAMETER. */
  clientSecret?: string;
  groupsClaim: string;
}

/** Settings read from the environment, the same locally and in Lambda. */
export interface Config {
  tableName: string;
  dynamodbEndpoint?: string;
  publicUrl?: string;
  readSeconds: number;
  onboardingPrefixes: string[];
  /** How many proxies stand in front of the local server (TRUST_PROXY). */
  trustProxy: number;
  oidc?: OidcSettings;
  roles: RoleRules;
  confluence?: { url: string; email: string; apiToken: string };
  digest: DigestConfig;
}

/** The weekly digest's destinations and time. */
export interface DigestConfig {
  schedule: DigestSchedule;
  /** DIGEST_SLACK_WEBHOOK_URL locally; in Lambda read from the parameter named by DIGEST_SLACK_WEBHOOK_URL_PARAMETER. */
  slackWebhookUrl?: string;
  slackWebhookParameter?: string;
  email?: { to: string[]; from: string; via: { smtpUrl: string } | 'ses' };
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** An address with a name (`Learning Signals <signals@example.com>`) or without. */
const mailbox = (value: string) => EMAIL.test(/<([^>]+)>\s*$/.exec(value)?.[1] ?? value);

function digestFromEnv(env: NodeJS.ProcessEnv): DigestConfig {
  const schedule = parseDigestSchedule(env.DIGEST_SCHEDULE);
  const webhook = env.DIGEST_SLACK_WEBHOOK_URL?.trim();
  if (webhook) {
    let url: URL | undefined;
    try {
      url = new URL(webhook);
    } catch {
      url = undefined;
    }
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))) {
      throw new Error('DIGEST_SLACK_WEBHOOK_URL must be the https:// address of a Slack incoming webhook (https://hooks.slack.com/services/…)');
    }
  }
  const to = parseList(env.DIGEST_EMAIL_TO);
  let email: DigestConfig['email'];
  if (to.length) {
    const bad = to.find((address) => !mailbox(address));
    if (bad) throw new Error(`DIGEST_EMAIL_TO must be e-mail addresses separated by commas ("${bad}" is not one)`);
    if (to.length > 50) throw new Error('DIGEST_EMAIL_TO may name at most 50 addresses (a mailing list is one)');
    const from = env.DIGEST_EMAIL_FROM?.trim();
    if (!from || !mailbox(from)) throw new Error('DIGEST_EMAIL_FROM must be set with DIGEST_EMAIL_TO: the address the digest is sent from');
    const smtp = env.SMTP_URL?.trim();
    if (smtp && !/^smtps?:\/\/[^/]+/.test(smtp)) throw new Error('SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://… (got another kind of address)');
    if (!smtp && !env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('SMTP_URL must be set with DIGEST_EMAIL_TO when running here: the mail server to send through, e.g. smtp://localhost:1025');
    email = { to, from, via: smtp ? { smtpUrl: smtp } : 'ses' };
  }
  return { schedule, slackWebhookUrl: webhook || undefined, slackWebhookParameter: env.DIGEST_SLACK_WEBHOOK_URL_PARAMETER || undefined, email };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** OIDC_ISSUER must be https, or http on this machine only (a provider for trying it and for tests). */
function oidcFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`OIDC_ISSUER must be the identity provider's issuer URL (got "${issuer}")`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new Error('OIDC_ISSUER must be an https:// URL (http:// only on this machine: localhost or 127.0.0.1)');
  }
  if (!env.OIDC_CLIENT_ID) throw new Error('OIDC_CLIENT_ID must be set with OIDC_ISSUER: the client id this product is registered with');
  if (!env.OIDC_CLIENT_SECRET && !env.OIDC_CLIENT_SECRET_PARAMETER) {
    throw new Error('OIDC_CLIENT_SECRET (or, in AWS, OIDC_CLIENT_SECRET_PARAMETER) must be set with OIDC_ISSUER');
  }
  return { issuer, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET || undefined, groupsClaim: env.OIDC_GROUPS_CLAIM || 'groups' };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const readSeconds = Number(env.READ_SECONDS ?? 30);
  if (!Number.isFinite(readSeconds) || readSeconds < 0) throw new Error('READ_SECONDS must be a number of seconds');
  const trustProxy = Number(env.TRUST_PROXY || 0);
  if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) throw new Error('TRUST_PROXY must be the number of proxies in front: 0 (none) to 10');
  return {
    trustProxy,
    oidc: oidcFromEnv(env),
    digest: digestFromEnv(env),
    confluence: env.CONFLUENCE_URL && env.CONFLUENCE_EMAIL && env.CONFLUENCE_API_TOKEN ? { url: env.CONFLUENCE_URL, email: env.CONFLUENCE_EMAIL, apiToken: env.CONFLUENCE_API_TOKEN } : undefined,
    roles: {
      adminEmails: parseList(env.ADMIN_EMAILS).map((email) => email.toLowerCase()),
      adminGroups: parseList(env.OIDC_ADMIN_GROUPS),
      facilitatorGroups: parseList(env.OIDC_FACILITATOR_GROUPS),
    },
    tableName: env.TABLE_NAME || 'learning-signals',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    readSeconds,
    onboardingPrefixes: parseOnboardingPrefixes(env.ONBOARDING_URL_PREFIXES),
  };
}
