import { getParameter } from '@aws-lambda-powertools/parameters/ssm';

/**
 * A secret from the SSM SecureString named by `parameterVariable`, read once per
 * cold start (a failed read is tried again on the next request); the plain
 * `fallbackVariable` when no parameter is named.
 */
function ssmSecret(parameterVariable: string, fallbackVariable: string): () => Promise<string> {
  let value: Promise<string> | undefined;
  const read = async () => {
    const name = process.env[parameterVariable];
    if (!name) return process.env[fallbackVariable] ?? '';
    const secret = await getParameter(name, { decrypt: true, maxAge: 365 * 24 * 3600 });
    if (!secret) throw new Error(`SSM parameter ${name} is empty`);
    return secret;
  };
  return () => {
    value ??= read().catch((error) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** The admin token: ADMIN_TOKEN_PARAMETER, else ADMIN_TOKEN. */
export const ssmAdminToken = ssmSecret('ADMIN_TOKEN_PARAMETER', 'ADMIN_TOKEN');

/** The GitHub webhook's secret: GITHUB_WEBHOOK_SECRET_PARAMETER, else GITHUB_WEBHOOK_SECRET. */
export const ssmGithubWebhookSecret = ssmSecret('GITHUB_WEBHOOK_SECRET_PARAMETER', 'GITHUB_WEBHOOK_SECRET');

/** The OIDC client secret: OIDC_CLIENT_SECRET_PARAMETER, else OIDC_CLIENT_SECRET. */
export const ssmOidcClientSecret = ssmSecret('OIDC_CLIENT_SECRET_PARAMETER', 'OIDC_CLIENT_SECRET');

/** The Confluence API token: CONFLUENCE_API_TOKEN_PARAMETER in SSM, else CONFLUENCE_API_TOKEN. */
export const ssmConfluenceApiToken = ssmSecret('CONFLUENCE_API_TOKEN_PARAMETER', 'CONFLUENCE_API_TOKEN');

/** The Slack app's signing secret and bot token: `…_PARAMETER` in SSM, else the plain variables. */
export const ssmSlackSigningSecret = ssmSecret('SLACK_SIGNING_SECRET_PARAMETER', 'SLACK_SIGNING_SECRET');
export const ssmSlackBotToken = ssmSecret('SLACK_BOT_TOKEN_PARAMETER', 'SLACK_BOT_TOKEN');

/** The digest's Slack incoming webhook: DIGEST_SLACK_WEBHOOK_URL_PARAMETER, else DIGEST_SLACK_WEBHOOK_URL. */
export const ssmDigestSlackWebhook = ssmSecret('DIGEST_SLACK_WEBHOOK_URL_PARAMETER', 'DIGEST_SLACK_WEBHOOK_URL');
