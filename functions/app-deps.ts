import { createStore, type Store } from './data/client';
import { loadTrackerScript } from '../web/tracker-script';
import type { AppDeps, DigestSettings, IncidentPlatformSettings } from './shared/deps';
import { awsCredentialsOf, digestEmailOf, reviewMailOf, readSettings, SETTINGS, type SecretName, type Settings } from './shared/settings';

/** What differs between where the apps run: Lambda, the local server. */
export interface Runtime {
  /**
   * Reads an SSM SecureString. Given by the handlers of the functions that hold
   * secrets in AWS; without it a secret comes from its plain variable only.
   */
  readParameter?: (name: string) => Promise<string>;
  /** The store, when the caller has made it (the local server, on the DynamoDB Local it started). */
  store?: Store;
  /** The base of URLs when PUBLIC_URL is unset (the local server's own address). */
  publicUrl?: string;
  /** The admin token and where an operator finds it, when the caller settled them (the local server may generate one). */
  adminToken?: { token: string; hint: string };
}

/** The apps' dependencies, from the settings, the same for every function and the local server. */
export type BuiltDeps = AppDeps & { digest: DigestSettings };

/**
 * The one builder of the apps' dependencies: every Lambda handler calls it at
 * cold start, the local server at its start.
 */
export function appDeps(runtime: Runtime = {}, settings: Settings = readSettings()): BuiltDeps {
  const secret = secretsOf(settings, runtime.readParameter);
  const local = runtime.adminToken;
  let tracker: string | undefined;
  const oidcSecret = secret('OIDC_CLIENT_SECRET');
  const confluenceToken = secret('CONFLUENCE_API_TOKEN');
  const googleKey = secret('GOOGLE_SERVICE_ACCOUNT_KEY');
  const msSecret = secret('MS_CLIENT_SECRET');
  const signingSecret = secret('SLACK_SIGNING_SECRET');
  const webhook = secret('DIGEST_SLACK_WEBHOOK_URL');
  return {
    store:
      runtime.store ??
      createStore({
        table: settings.TABLE_NAME,
        endpoint: settings.DYNAMODB_ENDPOINT,
        region: settings.AWS_REGION,
        awsCredentials: awsCredentialsOf(settings),
      }),
    readSeconds: settings.READ_SECONDS,
    publicUrl: settings.PUBLIC_URL ?? runtime.publicUrl,
    onboardingPrefixes: settings.ONBOARDING_URL_PREFIXES,
    trustProxy: settings.TRUST_PROXY,
    edgeSecret: secret('EDGE_SECRET'),
    trackerScript: () => (tracker ??= loadTrackerScript()),
    adminToken: local ? async () => local.token : (secret('ADMIN_TOKEN') ?? noSecret),
    adminTokenHint:
      local?.hint ?? `the SSM parameter ${settings.ADMIN_TOKEN_PARAMETER ?? SETTINGS.ADMIN_TOKEN.aws.default} (aws ssm get-parameter --with-decryption).`,
    roles: { adminEmails: settings.ADMIN_EMAILS, adminGroups: settings.OIDC_ADMIN_GROUPS, facilitatorGroups: settings.OIDC_FACILITATOR_GROUPS },
    oidc:
      settings.OIDC_ISSUER && settings.OIDC_CLIENT_ID
        ? {
            issuer: settings.OIDC_ISSUER,
            clientId: settings.OIDC_CLIENT_ID,
            clientSecret: oidcSecret ?? noSecret,
            groupsClaim: settings.OIDC_GROUPS_CLAIM,
            allowedDomains: settings.OIDC_ALLOWED_DOMAINS,
          }
        : undefined,
    githubWebhookSecret: secret('GITHUB_WEBHOOK_SECRET'),
    slack: signingSecret ? { signingSecret, botToken: secret('SLACK_BOT_TOKEN'), apiUrl: settings.SLACK_API_URL } : undefined,
    confluence:
      settings.CONFLUENCE_URL && settings.CONFLUENCE_EMAIL && confluenceToken
        ? { url: settings.CONFLUENCE_URL, email: settings.CONFLUENCE_EMAIL, apiToken: confluenceToken }
        : undefined,
    google:
      settings.GOOGLE_ADMIN_SUBJECT && googleKey
        ? { serviceAccountKey: googleKey, subject: settings.GOOGLE_ADMIN_SUBJECT, apiUrl: settings.GOOGLE_API_URL }
        : undefined,
    microsoft:
      settings.MS_TENANT_ID && settings.MS_CLIENT_ID && msSecret
        ? {
            tenantId: settings.MS_TENANT_ID,
            clientId: settings.MS_CLIENT_ID,
            clientSecret: msSecret,
            graphUrl: settings.MS_GRAPH_URL,
            loginUrl: settings.MS_LOGIN_URL,
          }
        : undefined,
    digest: { schedule: settings.DIGEST_SCHEDULE, email: digestEmailOf(settings), ...(webhook ? { slackWebhookUrl: webhook } : {}) },
    reviewMail: reviewMailOf(settings),
    incidentPlatforms: incidentPlatformsOf(settings, secret),
  };
}

/** Each incident platform with anything set: its webhook's secret, its API's key and address. */
function incidentPlatformsOf(settings: Settings, secret: (name: SecretName) => (() => Promise<string>) | undefined): AppDeps['incidentPlatforms'] {
  const platform = (webhook: SecretName | undefined, key: SecretName, url: string | undefined): IncidentPlatformSettings | undefined => {
    const webhookSecret = webhook ? secret(webhook) : undefined;
    const apiKey = secret(key);
    if (!webhookSecret && !apiKey) return undefined;
    return { ...(webhookSecret ? { webhookSecret } : {}), ...(apiKey ? { api: { key: apiKey, ...(url ? { url } : {}) } } : {}) };
  };
  const platforms = {
    'incident-io': platform('INCIDENT_IO_WEBHOOK_SECRET', 'INCIDENT_IO_API_KEY', settings.INCIDENT_IO_API_URL),
    rootly: platform('ROOTLY_WEBHOOK_SECRET', 'ROOTLY_API_KEY', settings.ROOTLY_API_URL),
    firehydrant: platform(undefined, 'FIREHYDRANT_API_KEY', settings.FIREHYDRANT_API_URL),
  };
  return Object.fromEntries(Object.entries(platforms).filter(([, value]) => value)) as AppDeps['incidentPlatforms'];
}

/**
 * Each secret as the apps read it: from the SSM parameter named by
 * `{VARIABLE}_PARAMETER` when there is one and this function may read SSM, read
 * once (a failed read is tried again on the next request); else the plain
 * variable; neither, none (the feature it serves is off).
 */
function secretsOf(settings: Settings, readParameter: Runtime['readParameter']) {
  return (name: SecretName): (() => Promise<string>) | undefined => {
    const parameter = settings[`${name}_PARAMETER`];
    if (parameter && readParameter) return once(() => readParameter(parameter));
    const value = settings[name];
    return value ? async () => value : undefined;
  };
}

function once(read: () => Promise<string>): () => Promise<string> {
  let value: Promise<string> | undefined;
  return () => {
    value ??= read().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

async function noSecret(): Promise<string> {
  return '';
}
