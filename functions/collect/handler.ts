import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { collectApp } from './app';

// Behind the edge its secret comes from SSM, read on the first request; the SSM client is loaded only then, so a cold start without the edge does not pay for it.
const readParameter = (name: string) => import('../shared/secrets').then(({ readSecureString }) => readSecureString(name));

export const handler = handle(collectApp(appDeps({ readParameter })));
