import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { readSecureString } from '../shared/secrets';
import { hooksApp } from './app';

// The GitHub webhook's secret and the Slack app's come from SSM.
export const handler = handle(hooksApp(appDeps({ readParameter: readSecureString })));
