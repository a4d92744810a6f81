import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { formsApp } from './app';

const app = formsApp(lambdaDeps());
export const handler = handle(app);
