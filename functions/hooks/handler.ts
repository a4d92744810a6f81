import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmGithubWebhookSecret } from '../shared/secrets';
import { hooksApp } from './app';

export const handler = handle(hooksApp({ ...lambdaDeps(), githubWebhookSecret: process.env.GITHUB_WEBHOOK_SECRET_PARAMETER || process.env.GITHUB_WEBHOOK_SECRET ? ssmGithubWebhookSecret : undefined }));
