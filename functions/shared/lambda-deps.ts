import { createStore } from '../data/client';
import { loadTrackerScript } from '../../web/tracker-script';
import { configFromEnv } from './config';
import { oidcDepsOf, type AppDeps } from './deps';

/**
 * The apps' dependencies in Lambda, from the environment. Only the admin
 * function reads the admin token (from SSM); the others never need it, and
 * their bundles stay free of the SSM client.
 */
export function lambdaDeps(adminToken: () => Promise<string> = noToken): AppDeps {
  const config = configFromEnv();
  return {
    store: createStore({ table: config.tableName, endpoint: config.dynamodbEndpoint }),
    readSeconds: config.readSeconds,
    publicUrl: config.publicUrl,
    onboardingPrefixes: config.onboardingPrefixes,
    adminToken,
    trackerScript: loadTrackerScript,
    roles: config.roles,
    confluence: config.confluence,
    // The secret itself is read by the admin function only (see admin/handler.ts).
    oidc: oidcDepsOf(config.oidc),
  };
}

async function noToken(): Promise<string> {
  return '';
}
