import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createStore, type Store } from '../../functions/data/client';
import { ensureTable } from '../../functions/data/bootstrap';
import type { AppDeps } from '../../functions/shared/deps';
import { loadTrackerScript } from '../../web/tracker-script';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** A fresh table in the run's DynamoDB Local, for one test file. */
export async function freshStore(): Promise<Store> {
  const store = createStore({ table: `test-${randomUUID()}`, endpoint: inject('dynamoEndpoint') });
  await ensureTable(store);
  return store;
}

export async function testDeps(overrides: Partial<AppDeps> = {}): Promise<AppDeps> {
  return {
    store: overrides.store ?? (await freshStore()),
    readSeconds: 30,
    publicUrl: 'https://signals.example.com',
    adminToken: async () => ADMIN_TOKEN,
    trackerScript: loadTrackerScript,
    // Tests stand in for one proxy: readers' addresses come in X-Forwarded-For.
    trustProxy: 1,
    ...overrides,
  };
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
