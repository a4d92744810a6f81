import type { Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { readSecureString } from '../shared/secrets';
import { hooksApp } from './app';
import { isHandedOff, runHandedOff, throughLambda } from './hand-off';

// The GitHub webhook's secret and the Slack app's come from SSM.
const deps = appDeps({ readParameter: readSecureString });
let functionName = '';
// Slack's work is handed to this same function, invoked asynchronously, so the hook answers within Slack's 3 s.
const api = handle(hooksApp({ ...deps, handOff: throughLambda(() => functionName) }));

/** API Gateway's requests, and the jobs this function hands itself. */
export const handler = async (event: unknown, context: Context) => {
  functionName = context.functionName;
  if (isHandedOff(event)) {
    await runHandedOff(deps, event.handedOff);
    return { done: true };
  }
  return api(event as Parameters<typeof api>[0], context);
};
