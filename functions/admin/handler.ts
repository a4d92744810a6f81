import { handle } from 'hono/aws-lambda';
import { configFromEnv } from '../shared/config';
import { oidcDepsOf } from '../shared/deps';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmAdminToken, ssmOidcClientSecret } from '../shared/secrets';
import { adminApp } from './app';

const deps = lambdaDeps(ssmAdminToken);
const app = adminApp({
  ...deps,
  oidc: oidcDepsOf(configFromEnv().oidc, ssmOidcClientSecret),
  adminTokenHint: `the SSM parameter ${process.env.ADMIN_TOKEN_PARAMETER ?? '/learning-signals/admin-token'} (aws ssm get-parameter --with-decryption).`,
});
export const handler = handle(app);
