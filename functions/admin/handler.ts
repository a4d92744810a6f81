import { handle } from 'hono/aws-lambda';
import { configFromEnv } from '../shared/config';
import { oidcDepsOf } from '../shared/deps';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmAdminToken, ssmConfluenceApiToken, ssmOidcClientSecret } from '../shared/secrets';
import { adminApp } from './app';

const deps = lambdaDeps(ssmAdminToken);
const app = adminApp({
  ...deps,
  oidc: oidcDepsOf(configFromEnv().oidc, ssmOidcClientSecret),
  // In AWS the API token is in SSM: the import by hand reads it when it runs.
  ...(process.env.CONFLUENCE_URL && process.env.CONFLUENCE_EMAIL && process.env.CONFLUENCE_API_TOKEN_PARAMETER
    ? { confluence: { url: process.env.CONFLUENCE_URL, email: process.env.CONFLUENCE_EMAIL, apiToken: ssmConfluenceApiToken } }
    : {}),
  adminTokenHint: `the SSM parameter ${process.env.ADMIN_TOKEN_PARAMETER ?? '/learning-signals/admin-token'} (aws ssm get-parameter --with-decryption).`,
});
export const handler = handle(app);
