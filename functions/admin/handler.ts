import { handle } from 'hono/aws-lambda';
import { configFromEnv } from '../shared/config';
import { digestSettingsOf, oidcDepsOf } from '../shared/deps';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmAdminToken, ssmConfluenceApiToken, ssmDigestSlackWebhook, ssmOidcClientSecret } from '../shared/secrets';
import { adminApp } from './app';

const deps = lambdaDeps(ssmAdminToken);
const config = configFromEnv();
const app = adminApp({
  ...deps,
  oidc: oidcDepsOf(config.oidc, ssmOidcClientSecret),
  // The digest sent by hand (POST /api/digest/send); the webhook is in SSM.
  digest: digestSettingsOf(config.digest, ssmDigestSlackWebhook),
  // In AWS the API token is in SSM: the import by hand reads it when it runs.
  ...(process.env.CONFLUENCE_URL && process.env.CONFLUENCE_EMAIL && process.env.CONFLUENCE_API_TOKEN_PARAMETER
    ? { confluence: { url: process.env.CONFLUENCE_URL, email: process.env.CONFLUENCE_EMAIL, apiToken: ssmConfluenceApiToken } }
    : {}),
  adminTokenHint: `the SSM parameter ${process.env.ADMIN_TOKEN_PARAMETER ?? '/learning-signals/admin-token'} (aws ssm get-parameter --with-decryption).`,
});
export const handler = handle(app);
