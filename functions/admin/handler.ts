import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { readSecureString } from '../shared/secrets';
import { adminApp } from './app';

// The admin token, the sign-in's client secret, the Confluence token and the digest's webhook come from SSM.
export const handler = handle(adminApp(appDeps({ readParameter: readSecureString })));
