import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createStore, type Store } from '../../functions/data/client';
import { ensureTable } from '../../functions/data/bootstrap';
import type { AppDeps } from '../../functions/shared/deps';
import { handedOffSettled } from '../../functions/hooks/hand-off';
import { startSession } from '../../functions/services/access';
import { startStreamPoller, type PollerOptions, type StreamPoller } from '../../local/stream-poller';
import { loadTrackerScript } from '../../web/tracker-script';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

const pollers = new Set<StreamPoller>();

/**
 * A fresh table in the run's DynamoDB Local, for one test file, with its
 * stream counted as `npm start` counts it.
 */
export async function freshStore(options: Partial<Pick<PollerOptions, 'consume' | 'count'>> & { counting?: boolean } = {}): Promise<Store> {
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint) throw new Error('No DynamoDB Local in this test project: a test that stores belongs in a tier with usesStore (vitest.config.ts).');
  const store = createStore({ table: `test-${randomUUID()}`, endpoint });
  const { streamArn } = await ensureTable(store);
  if (options.counting !== false) countStream(store, endpoint, streamArn, options);
  return store;
}

/**
 * Counts a table's stream for the rest of the test file, as `npm start` does.
 * It looks at the stream once a second on its own, and at once when a test
 * calls settled(): a file's poller need not keep DynamoDB Local busy.
 */
export function countStream(store: Store, endpoint: string, streamArn: string, options: Partial<Pick<PollerOptions, 'consume' | 'count'>> = {}): StreamPoller {
  const poller = startStreamPoller({
    store,
    endpoint,
    streamArn,
    idleMs: 1_000,
    count: { links: { onboardingPrefixes: [] }, ...options.count },
    consume: options.consume,
  });
  pollers.add(poller);
  return poller;
}

/** Waits until everything stored so far is counted: reports trail their facts by a moment. */
export async function settled(): Promise<void> {
  // Work the hooks handed on after answering (Slack's) comes first: what it stores is then counted.
  await handedOffSettled();
  await Promise.all([...pollers].map((poller) => poller.settle()));
}

export async function testDeps(overrides: Partial<AppDeps> = {}): Promise<AppDeps> {
  return {
    store: overrides.store ?? (await freshStore({ count: { links: { onboardingPrefixes: overrides.onboardingPrefixes ?? [] } } })),
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

/**
 * A session acting with the admin token, as logging in makes one. Stamped with
 * the real time, whatever clock the app runs on: DynamoDB Local's TTL would
 * sweep a session that ended in the real past.
 */
export async function loginCookie(deps: AppDeps): Promise<string> {
  return `ls_session=${await startSession(deps.store, { email: null, name: 'admin token', role: 'admin' }, new Date(), await deps.adminToken())}`;
}
