import type { Store } from '../functions/data/client';
import { collectApp } from '../functions/collect/app';
import { loadTrackerScript } from '../web/tracker-script';
import { startStreamPoller } from '../local/stream-poller';
import { fmt } from './lib';

/**
 * Write units as DynamoDB on demand bills them, counted request by request:
 * what DynamoDB Local reports as consumed for each write (by item size), doubled
 * for transactions (AWS bills two units an item written in a transaction; Local reports less),
 * and one unit for a write whose condition failed (AWS bills those too; Local
 * reports nothing). Returns the running totals.
 */
export function countWriteUnits(store: Store) {
  const totals = { requests: 0, items: 0, units: 0 };
  const writes = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
  store.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context as { commandName?: string }).commandName ?? '';
      if (!writes.has(name)) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      totals.requests++;
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (name === 'TransactWriteItemsCommand') {
          // Local reports less than one unit an item for a transaction; AWS bills two an item (rollups are under 1 KB).
          const actions = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
          totals.items += actions;
          totals.units += 2 * Math.max(actions, units);
        } else {
          totals.items += 1;
          totals.units += units;
        }
        return result;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') totals.units += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'countWriteUnits' },
  );
  return totals;
}

/** The event source mapping's batch size in the stack. */
const BATCH = 5_000;

/**
 * The write units a beacon costs in AWS: beacons through the collect app (in
 * process, on a store that counts), then the counts consumer over the stream
 * in batches of up to 5,000 records, as the event source mapping hands them
 * over under load (its 5 s window fills 5,000 records at 1,000 beacons a second).
 */
export async function benchWriteUnits(
  makeStore: () => Promise<{ store: Store; consumerStore: Store; endpoint: string; streamArn: string }>,
  beacons: number,
  writeups: number,
) {
  const { store, consumerStore, endpoint, streamArn } = await makeStore();
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
  const app = collectApp({ store, readSeconds: 30, adminToken: async () => '', trackerScript: loadTrackerScript, trustProxy: 1 });
  const requestPath = countWriteUnits(store);
  const consumer = countWriteUnits(consumerStore);
  const before = { ...requestPath };
  for (let i = 0; i < beacons; i++) {
    const visit = Math.floor(i / 2);
    const w = visit % writeups;
    const body =
      i % 2 === 0
        ? { w: `writeup-${w}`, k: 'view', u: `https://docs.example.com/w/${w}`, r: null, v: `units-${visit}-visit` }
        : { w: `writeup-${w}`, k: 'engage', u: `https://docs.example.com/w/${w}`, r: null, v: `units-${visit}-visit`, e: 45_000, s: 80 };
    const res = await app.request('/e', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': ua, 'x-forwarded-for': `10.2.${visit % 250}.${visit % 7}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 202) throw new Error(`beacon answered ${res.status}`);
    if (process.env.BENCH_DEBUG && i % 500 === 0) console.error('beacon', i, new Date().toISOString());
  }
  if (process.env.BENCH_DEBUG) console.error('consumer starts', new Date().toISOString());
  const poller = startStreamPoller({
    store: consumerStore,
    endpoint,
    streamArn,
    batchSize: BATCH,
    batchWindowMs: 1_000,
    idleMs: 50,
    count: { links: { onboardingPrefixes: [] } },
    log: (line) => console.error(line),
  });
  await poller.settle();
  await poller.stop();
  const beaconUnits = requestPath.units - before.units;
  console.log(`\n## Write units per beacon in AWS (${fmt(beacons)} beacons over ${writeups} write-ups, half views, half engaged reads)`);
  console.log(
    `request path: ${fmt(requestPath.requests - before.requests)} write requests, ${fmt(beaconUnits)} write units (${fmt(beaconUnits / beacons, 2)} a beacon)`,
  );
  console.log(
    `counts consumer, batches of up to ${fmt(BATCH)} records: ${fmt(consumer.requests)} transactions of ${fmt(consumer.items)} items, ${fmt(consumer.units)} write units (${fmt(consumer.units / beacons, 2)} a beacon)`,
  );
  console.log(`total: ${fmt((beaconUnits + consumer.units) / beacons, 2)} write units a beacon (goal: at most 1.2)`);
  return (beaconUnits + consumer.units) / beacons;
}
