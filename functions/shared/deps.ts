import type { Store } from '../data/client';
import type { RoleRules } from '../domain/people';
import type { DigestConfig, OidcSettings } from './config';
import type { ConfluenceSettings } from '../services/confluence';
import type { DigestSettings } from '../services/digest';

/** What the apps need from their runtime (Lambda, the local server, a test). */
export interface AppDeps {
  store: Store;
  /** The engaged-read threshold. */
  readSeconds: number;
  /** Base of every URL handed out; the request's own origin when unset. */
  publicUrl?: string;
  /** The admin bearer token (read once from SSM in Lambda). */
  adminToken: () => Promise<string>;
  /** Where an operator finds the admin token, said on the login page. */
  adminTokenHint?: string;
  /** The built tracker script. */
  trackerScript: () => string;
  /** ONBOARDING_URL_PREFIXES: links under these are onboarding material. */
  onboardingPrefixes?: string[];
  now?: () => Date;
  /**
   * TRUST_PROXY: how many proxies stand in front of the local server, so the
   * client's address is read from X-Forwarded-For (never in Lambda).
   */
  trustProxy?: number;
  /** Sign-in through an identity provider; unset, the admin token is the only login. */
  oidc?: OidcDeps;
  /** Who is an admin or facilitator by e-mail or group. */
  roles?: RoleRules;
  /** GITHUB_WEBHOOK_SECRET (from SSM in Lambda); unset, `/hooks/github` is not served. */
  githubWebhookSecret?: () => Promise<string>;
  /** The Slack app: its signing secret, its bot token (for permalinks and unfurls), and SLACK_API_URL. */
  slack?: SlackSettings;
  /** CONFLUENCE_URL, CONFLUENCE_EMAIL, CONFLUENCE_API_TOKEN: the daily import of Confluence's own page views. */
  confluence?: ConfluenceSettings;
  /** The weekly digest: its time and destinations (none set: previewed, never sent). */
  digest?: DigestSettings;
}

export type OidcDeps = Omit<OidcSettings, 'clientSecret'> & {
  /** The client secret, read once (from SSM in Lambda). */
  clientSecret: () => Promise<string>;
  /** Bound on every call to the provider (discovery, token, keys, userinfo), in seconds. */
  timeoutSeconds?: number;
};

/** The sign-in settings with where their secret comes from: the environment's, unless told otherwise. */
export function oidcDepsOf(settings: OidcSettings | undefined, secret?: () => Promise<string>): OidcDeps | undefined {
  if (!settings) return undefined;
  return { ...settings, clientSecret: secret ?? (async () => settings.clientSecret ?? '') };
}

/** The digest's settings with where the webhook comes from: the environment's, unless told otherwise (SSM in Lambda). */
export function digestSettingsOf(config: DigestConfig, webhook?: () => Promise<string>): DigestSettings {
  const slackWebhookUrl = config.slackWebhookParameter && webhook ? webhook : config.slackWebhookUrl ? async () => config.slackWebhookUrl! : undefined;
  return { schedule: config.schedule, email: config.email, ...(slackWebhookUrl ? { slackWebhookUrl } : {}) };
}

export interface SlackSettings {
  signingSecret: () => Promise<string>;
  botToken?: () => Promise<string | undefined>;
  /** Slack's Web API; tests point it at a local server. */
  apiUrl?: string;
}

export const roleRulesOf = (deps: AppDeps): RoleRules => deps.roles ?? { adminEmails: [], adminGroups: [], facilitatorGroups: [] };

export const linkSettingsOf = (deps: AppDeps) => ({ onboardingPrefixes: deps.onboardingPrefixes ?? [] });

export const nowOf = (deps: AppDeps) => deps.now?.() ?? new Date();

export function publicUrlOf(deps: AppDeps, requestUrl: string): string {
  return (deps.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, '');
}
