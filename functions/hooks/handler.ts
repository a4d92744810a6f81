import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../shared/lambda-deps';
import { ssmGithubWebhookSecret, ssmSlackBotToken, ssmSlackSigningSecret } from '../shared/secrets';
import { hooksApp } from './app';

const set = (...names: string[]) => names.some((name) => Boolean(process.env[name]));

export const handler = handle(
  hooksApp({
    ...lambdaDeps(),
    githubWebhookSecret: set('GITHUB_WEBHOOK_SECRET_PARAMETER', 'GITHUB_WEBHOOK_SECRET') ? ssmGithubWebhookSecret : undefined,
    slack: set('SLACK_SIGNING_SECRET_PARAMETER', 'SLACK_SIGNING_SECRET')
      ? { signingSecret: ssmSlackSigningSecret, botToken: set('SLACK_BOT_TOKEN_PARAMETER', 'SLACK_BOT_TOKEN') ? ssmSlackBotToken : undefined, apiUrl: process.env.SLACK_API_URL || undefined }
      : undefined,
  }),
);
