import type { Store } from '../data/client';
import type { DigestSchedule } from '../domain/digest';
import type { RoleRules } from '../domain/people';
import type { SlackJob } from '../domain/slack';
import type { IncidentPlatform } from '../domain/incident-platforms';
import type { PlatformApiSettings } from '../services/incident-platform-api';

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
  /**
   * EDGE_SECRET (from SSM in Lambda): the value of the header the edge adds on
   * its way to the API. Set, every request must carry it (so none goes around
   * the edge), and a request's address is CloudFront's viewer address.
   */
  edgeSecret?: () => Promise<string>;
  /** Sign-in through an identity provider; unset, the admin token is the only login. */
  oidc?: OidcDeps;
  /** Who is an admin or facilitator by e-mail or group. */
  roles?: RoleRules;
  /** GITHUB_WEBHOOK_SECRET (from SSM in Lambda); unset, `/hooks/github` is not served. */
  githubWebhookSecret?: () => Promise<string>;
  /** The Slack app: its signing secret, its bot token (for permalinks and unfurls), and SLACK_API_URL. */
  slack?: SlackSettings;
  /**
   * Hands a hook's work on, to run after the answer: in Lambda an asynchronous invocation of the function
   * itself; unset, the work runs in this process once the answer is made (`npm start`, tests).
   */
  handOff?: (job: SlackJob) => Promise<void>;
  /** CONFLUENCE_URL, CONFLUENCE_EMAIL, CONFLUENCE_API_TOKEN: the daily import of Confluence's own page views. */
  confluence?: ConfluenceSettings;
  /** GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_ADMIN_SUBJECT: the daily import of Google Docs' views from Drive's audit log. */
  google?: GoogleSettings;
  /** MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET: the daily import of SharePoint and OneDrive views. */
  microsoft?: MicrosoftSettings;
  /** The weekly digest: its time and destinations (none set: previewed, never sent). */
  digest?: DigestSettings;
  /** Reviews' mail (invitations, survey links, one reminder): from DIGEST_EMAIL_FROM through SMTP_URL, or SES in AWS; unset, nothing is mailed. */
  reviewMail?: ReviewMailSettings;
  /** The incident platforms set up here: each one's webhook secret and its API (key and address), as far as they are set. */
  incidentPlatforms?: Partial<Record<IncidentPlatform, IncidentPlatformSettings>>;
}

export interface IncidentPlatformSettings {
  /** The webhook's signing secret (from SSM in Lambda); unset, its hook is not served. */
  webhookSecret?: () => Promise<string>;
  /** Its API: the key (from SSM in Lambda) and, in tests, another address. */
  api?: PlatformApiSettings;
}

export interface ReviewMailSettings {
  from: string;
  via: { smtpUrl: string } | 'ses';
  /** Bound on one message, in milliseconds (10 s). */
  timeoutMs?: number;
}

/** Sign-in through an OpenID Connect provider. */
export interface OidcDeps {
  issuer: string;
  clientId: string;
  /** The client secret, read once (from SSM in Lambda). */
  clientSecret: () => Promise<string>;
  groupsClaim: string;
  /** OIDC_ALLOWED_DOMAINS, in lower case: the e-mail domains that may sign in; none, any. */
  allowedDomains: readonly string[];
  /** Bound on every call to the provider (discovery, token, keys, userinfo), in seconds. */
  timeoutSeconds?: number;
}

/** CONFLUENCE_URL, CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (basic auth with an API token). */
export interface ConfluenceSettings {
  url: string;
  email: string;
  /** The token, or where to read it (SSM in Lambda). */
  apiToken: string | (() => Promise<string>);
  /** Bound on one call, in milliseconds. */
  timeoutMs?: number;
}

/** A service account's JSON key acting, by domain-wide delegation, for an administrator who may read the audit log. */
export interface GoogleSettings {
  /** The key, or where to read it (SSM in Lambda). */
  serviceAccountKey: string | (() => Promise<string>);
  subject: string;
  /** Another address for the Reports API and the token endpoint (`{url}/token`): tests point both at a local server. */
  apiUrl?: string;
  /** Bound on one call, in milliseconds. */
  timeoutMs?: number;
}

/** An app registered in Entra ID with `Files.Read.All` (or `Sites.Read.All`), reading as itself. */
export interface MicrosoftSettings {
  tenantId: string;
  clientId: string;
  /** The client secret, or where to read it (SSM in Lambda). */
  clientSecret: string | (() => Promise<string>);
  /** Other addresses for Graph and for Entra's sign-in (tests point them at a local server). */
  graphUrl?: string;
  loginUrl?: string;
  /** Bound on one call, in milliseconds. */
  timeoutMs?: number;
}

/** Where the digest goes and when: DIGEST_SLACK_WEBHOOK_URL, DIGEST_EMAIL_TO / _FROM with SMTP_URL (or SES), DIGEST_SCHEDULE. */
export interface DigestSettings {
  schedule: DigestSchedule;
  /** The incoming webhook (from SSM in Lambda). */
  slackWebhookUrl?: () => Promise<string>;
  email?: { to: string[]; from: string; via: { smtpUrl: string } | 'ses' };
  /** Bound on one delivery, in milliseconds (10 s). */
  timeoutMs?: number;
  /** Waits between the tries of one run (1 s, then 4 s). */
  retryWaitsMs?: number[];
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
