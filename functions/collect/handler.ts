import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { collectApp } from './app';

const app = collectApp(lambdaDeps());
export const handler = handle(app);
