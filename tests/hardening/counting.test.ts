import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createStore, type Store } from '../../functions/data/client';
import { ensureTable } from '../../functions/data/bootstrap';
import type { StreamRecord } from '../../functions/data/stream';
import { StoreUnavailable } from '../../functions/domain/errors';
import { countRecords } from '../../functions/services/counts';
import { localApp, NO_LIMITS } from '../../local/server';
import { startStreamPoller } from '../../local/stream-poller';
import { createWriteup, newVisitId, sendBeacon } from '../helpers/apps';
import { adminHeaders, freshStore, testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';

/**
 * The counts follow the facts through the table's stream. Whatever happens to
 * the consumer (killed part-way, a batch delivered twice, the store failing
 * under it, a record whose item has expired since), the reports end equal to
 * the facts: every fact counted once.
 */
const NOW = new Date('2026-08-03T10:00:00Z');
const WRITEUPS = 12;
const links = { onboardingPrefixes: [] };
let store: Store;
let app: ReturnType<typeof localApp>;
let streamArn: string;
const endpoint = () => inject('dynamoEndpoint');

beforeEach(async () => {
  // Nothing counts this table until a test says how.
  store = await freshStore({ counting: false });
  streamArn = (await ensureTable(store)).streamArn;
  app = localApp(await testDeps({ store, now: () => NOW }), NO_LIMITS);
  for (let w = 0; w < WRITEUPS; w++) await createWriteup(app, `w${w}`);
});

/** Readers' visits: each write-up gets `w + 1` views, half of them engaged reads. */
async function readEverything() {
  let views = 0;
  let engaged = 0;
  for (let w = 0; w < WRITEUPS; w++) {
    for (let i = 0; i <= w; i++) {
      const v = newVisitId();
      const u = `https://docs.example.com/pir/w${w}`;
      const address = { 'x-forwarded-for': `198.51.100.${i}` };
      await sendBeacon(app, { w: `w${w}`, k: 'view', u, r: null, v }, address);
      views++;
      if (i % 2 === 0) {
        await sendBeacon(app, { w: `w${w}`, k: 'engage', u, r: null, v, e: 40_000, s: 60 }, address);
        engaged++;
      }
    }
  }
  return { views, engaged };
}

async function totals() {
  let views = 0;
  let engaged = 0;
  for (let w = 0; w < WRITEUPS; w++) {
    const { reads } = await (await app.request(`/api/writeups/w${w}/report?from=2026-08-03&to=2026-08-03`, { headers: adminHeaders })).json();
    expect(reads.views, `w${w}`).toBe(w + 1);
    views += reads.views;
    engaged += reads.engaged;
  }
  const org = await (await app.request('/api/report?from=2026-08-03&to=2026-08-03', { headers: adminHeaders })).json();
  return { views, engaged, org: org.series[0] };
}

/** Every record the stream holds now, per shard, in order. */
async function allRecords(): Promise<Array<{ shardId: string; records: StreamRecord[] }>> {
  const client = new DynamoDBStreamsClient({ endpoint: endpoint(), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shards = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' })))
      .ShardIterator;
    const records: StreamRecord[] = [];
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...((page.Records ?? []) as StreamRecord[]));
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
    shards.push({ shardId: shard.ShardId!, records });
  }
  return shards;
}

const poller = (consumerStore = store) =>
  startStreamPoller({ store: consumerStore, endpoint: endpoint(), streamArn, idleMs: 20, count: { links, maxRollups: 5 } });
const readers = (WRITEUPS * (WRITEUPS + 1)) / 2;

describe('counting from the stream, exactly once', () => {
  it('the consumer killed in the middle of a batch and started again: nothing lost, nothing twice', async () => {
    const facts = await readEverything();
    const { shardId, records } = (await allRecords())[0]!;
    // The first consumer dies right after storing its second chunk (of five rollups each), before saying so.
    let chunks = 0;
    const dead = await countRecords(store, shardId, records, {
      links,
      maxRollups: 5,
      afterPart: () => {
        if (++chunks === 2) throw new Error('killed');
      },
    });
    expect(dead.failedAt).toBeDefined();
    // Started again, it resumes after the checkpoint the dead one left.
    const restarted = poller();
    await restarted.settle();
    await restarted.stop();
    const counted = await totals();
    expect(counted).toMatchObject({ views: facts.views, engaged: facts.engaged });
    expect(counted.org).toMatchObject({ views: facts.views, engaged: facts.engaged, readers, writeups: WRITEUPS });
    recordFigure(
      `counting: consumer killed after its 2nd chunk of a batch of ${records.length} records and restarted: ${counted.views} views and ${counted.engaged} engaged reads, equal to the facts`,
    );
  });

  it('a batch delivered twice counts once', async () => {
    const facts = await readEverything();
    const { shardId, records } = (await allRecords())[0]!;
    const first = await countRecords(store, shardId, records, { links, maxRollups: 5 });
    const second = await countRecords(store, shardId, records, { links, maxRollups: 5 });
    expect(first.failedAt).toBeUndefined();
    expect(second).toMatchObject({ counted: 0, skipped: records.length });
    // And the same batch split in two, as a bisecting retry delivers it.
    await countRecords(store, shardId, records.slice(0, 40), { links });
    await countRecords(store, shardId, records.slice(40), { links });
    const counted = await totals();
    expect(counted).toMatchObject({ views: facts.views, engaged: facts.engaged });
    expect(counted.org).toMatchObject({ views: facts.views, readers });
  });

  it('the store failing between the facts and their counts: retried until it answers, then counted once', async () => {
    const facts = await readEverything();
    // The consumer's own connection fails its first writes of counts, as a stalled store would.
    const flaky = createStore({ table: store.table, endpoint: endpoint() });
    const send = flaky.doc.send.bind(flaky.doc) as (...args: unknown[]) => Promise<unknown>;
    let failures = 0;
    flaky.doc.send = (async (...args: unknown[]) => {
      if ((args[0] as { constructor: { name: string } }).constructor.name === 'TransactWriteCommand' && failures < 3) {
        failures++;
        throw new StoreUnavailable('the store stalled');
      }
      return send(...args);
    }) as typeof flaky.doc.send;
    const consumer = poller(flaky);
    await consumer.settle();
    await consumer.stop();
    expect(failures).toBe(3);
    const counted = await totals();
    expect(counted).toMatchObject({ views: facts.views, engaged: facts.engaged });
    expect(counted.org).toMatchObject({ views: facts.views, readers });
  });

  it('a record for an item that has expired since still counts, from its images; the expiry takes nothing back', async () => {
    await sendBeacon(app, { w: 'w0', k: 'view', u: 'https://docs.example.com/pir/w0', r: null, v: newVisitId() });
    const item = (await allRecords())[0]!.records.find((r) => String(r.dynamodb?.Keys?.pk && JSON.stringify(r.dynamodb.Keys.pk)).includes('READERS#'))!;
    const keys = { pk: (item.dynamodb!.Keys!.pk as { S: string }).S, sk: (item.dynamodb!.Keys!.sk as { S: string }).S };
    // Gone before the consumer came (TTL deletes look the same on the stream).
    await store.doc.send(new DeleteCommand({ TableName: store.table, Key: keys }));
    const consumer = poller();
    await consumer.settle();
    await consumer.stop();
    const { reads } = await (await app.request('/api/writeups/w0/report?from=2026-08-03&to=2026-08-03', { headers: adminHeaders })).json();
    expect(reads).toMatchObject({ views: 1, readers: 1 });
  });
});
