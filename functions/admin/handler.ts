import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmAdminToken } from './admin-token';
import { adminApp } from './app';

const app = adminApp(lambdaDeps(ssmAdminToken));
export const handler = handle(app);
