import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { createStore } from '../data/client';
import { loadTrackerScript } from '../../web/tracker-script';
import { configFromEnv } from './config';
import type { AppDeps } from './deps';

/** The apps' dependencies in Lambda: the table from the environment, the token from SSM. */
export function lambdaDeps(): AppDeps {
  const config = configFromEnv();
  let token: Promise<string> | undefined;
  return {
    store: createStore({ table: config.tableName, endpoint: config.dynamodbEndpoint }),
    readSeconds: config.readSeconds,
    publicUrl: config.publicUrl,
    onboardingPrefixes: config.onboardingPrefixes,
    // Read once per cold start; a failed read is tried again on the next request.
    adminToken: () => (token ??= readAdminToken().catch((error) => ((token = undefined), Promise.reject(error)))),
    trackerScript: loadTrackerScript,
  };
}

async function readAdminToken(): Promise<string> {
  const name = process.env.ADMIN_TOKEN_PARAMETER;
  if (!name) return process.env.ADMIN_TOKEN ?? '';
  const value = await getParameter(name, { decrypt: true, maxAge: 24 * 3600 });
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
