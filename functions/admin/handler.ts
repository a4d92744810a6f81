import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmAdminToken } from './admin-token';
import { adminApp } from './app';

const app = adminApp({
  ...lambdaDeps(ssmAdminToken),
  adminTokenHint: `the SSM parameter ${process.env.ADMIN_TOKEN_PARAMETER ?? '/learning-signals/admin-token'} (aws ssm get-parameter --with-decryption).`,
});
export const handler = handle(app);
