import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { adminApp } from './app';

const app = adminApp(lambdaDeps());
export const handler = handle(app);
