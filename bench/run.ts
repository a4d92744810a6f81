import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createStore } from '../functions/data/client';
import { ensureTable } from '../functions/data/bootstrap';
import { seedRollups } from './seed';
import { addDays } from '../functions/domain/dates';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { buildTracker, TRACKER_BUDGET_GZIPPED } from '../web/build';
import { fmt, medianMs, startServer, throughput } from './lib';
import { benchScanner } from './scanner';
import { benchOrgReport } from './org-report';
import { benchColdStarts } from './cold-start';
import { createWriteup } from '../functions/data/writeups';
import { benchWriteUnits } from './write-units';
import { benchLag } from './lag';
import { benchFloods } from './floods';
import { benchSignIn } from './sign-in';
import { benchDays } from './days';
import { benchSlackHook, benchWebhooks } from './webhooks';
import { benchPlaceImports, benchPlatforms } from './platforms';

// `npm run bench`: prints figures, asserts nothing.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const CONCURRENCY = 32;
const BEACONS = Number(process.env.BENCH_BEACONS ?? 6_000);
const WRITEUPS = 50;
const TOKEN = 'bench-token';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

const tracker = await buildTracker();
console.log('\n## Tracker (web/dist/t.js)');
console.log(`raw ${fmt(tracker.raw)} bytes, gzipped ${fmt(tracker.gzipped)} bytes (budget ${fmt(TRACKER_BUDGET_GZIPPED)} gzipped)`);

const dynamo = await startDynamoDbLocal();
const table = 'bench';
const store = createStore({ table, endpoint: dynamo.endpoint });
await ensureTable(store);
const server = await startServer({ DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: table, ADMIN_TOKEN: TOKEN, READ_SECONDS: '30', RATE_LIMITS: 'off' });
const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

try {
  for (let w = 0; w < WRITEUPS; w++) {
    await fetch(`${server.url}/api/writeups`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id: `writeup-${w}`, title: `Write-up ${w}`, url: `https://docs.example.com/w/${w}` }),
    });
  }

  // A reader's visit sends a view, then an engage when the page is hidden.
  const beacon = (i: number, run: string) => {
    const visit = Math.floor(i / 2);
    const w = visit % WRITEUPS;
    const body =
      i % 2 === 0
        ? { w: `writeup-${w}`, k: 'view', u: `https://docs.example.com/w/${w}`, r: null, v: `${run}-${visit}-visit` }
        : { w: `writeup-${w}`, k: 'engage', u: `https://docs.example.com/w/${w}`, r: null, v: `${run}-${visit}-visit`, e: 45_000, s: 80 };
    return fetch(`${server.url}/e`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': UA, 'x-forwarded-for': `10.1.${visit % 250}.${visit % 7}` },
      body: JSON.stringify(body),
    }).then(async (res) => {
      await res.arrayBuffer();
      if (res.status !== 202) throw new Error(`beacon answered ${res.status}`);
    });
  };
  const rawUpdate = (i: number) =>
    store.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `RAW#${i % WRITEUPS}`, sk: 'READS#2026-01-01' },
        UpdateExpression: 'ADD #views :one',
        ExpressionAttributeNames: { '#views': 'views' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

  // Warm both paths (JIT, connection pools) before measuring.
  await throughput(1_000, CONCURRENCY, (i) => beacon(i, 'warm'));
  await throughput(1_000, CONCURRENCY, rawUpdate);
  const raw = await throughput(BEACONS, CONCURRENCY, rawUpdate);
  const beacons = await throughput(BEACONS, CONCURRENCY, (i) => beacon(i, 'run'));

  // Counts follow on the stream: wait (at most 30 s) for the consumer to catch up.
  let views = 0;
  let engaged = 0;
  const expected = (BEACONS + 1_000) / 2;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && (views < expected || engaged < expected); await new Promise((r) => setTimeout(r, 250))) {
    views = 0;
    engaged = 0;
    for (let w = 0; w < WRITEUPS; w++) {
      const report = await (await fetch(`${server.url}/api/writeups/writeup-${w}/report`, { headers: admin })).json();
      views += report.reads.views;
      engaged += report.reads.engaged;
    }
  }
  console.log(`\n## Beacon throughput (${CONCURRENCY} concurrent connections, ${fmt(BEACONS)} events, half views, half engages)`);
  console.log(`raw DynamoDB Local, one UpdateItem per event: ${fmt(raw)} events/s`);
  console.log(`beacons through the local HTTP server:         ${fmt(beacons)} events/s`);
  console.log(`ratio: ${fmt(beacons / raw, 2)} (goal: at least 0.7)`);
  console.log(`counted after warm-up and run: ${fmt(views)} views, ${fmt(engaged)} engaged reads (expected ${fmt((BEACONS + 1_000) / 2)} each)`);

  await benchLag(server.url, admin, Number(process.env.BENCH_LAG_SAMPLES ?? 100));

  await benchWriteUnits(
    async () => {
      const s = createStore({ table: 'bench-units', endpoint: dynamo.endpoint });
      const { streamArn } = await ensureTable(s);
      for (let w = 0; w < WRITEUPS; w++)
        await createWriteup(s, { id: `writeup-${w}`, title: `Write-up ${w}`, url: `https://docs.example.com/w/${w}` }, new Date());
      return { store: s, consumerStore: createStore({ table: 'bench-units', endpoint: dynamo.endpoint }), endpoint: dynamo.endpoint, streamArn };
    },
    BEACONS,
    WRITEUPS,
  );

  console.log('\n## Write-up report latency (median of 30, through HTTP)');
  const seed = async (id: string, days: number, viewsPerDay: number) => {
    await fetch(`${server.url}/api/writeups`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id, title: id, url: `https://docs.example.com/${id}`, publishedAt: '2025-01-01' }),
    });
    const counts = { views: viewsPerDay, engaged: Math.floor(viewsPerDay / 3), readers: Math.floor(viewsPerDay / 2), engagedScroll: 0 };
    await seedRollups(
      store,
      Array.from({ length: days }, (_, d) => ({ rollup: 'dailyReads' as const, writeupId: id, day: addDays('2025-01-01', d), counts })),
    );
  };
  const cases: Array<[string, number, number]> = [
    ['days-10', 10, 20],
    ['days-10-busy', 10, 20_000],
    ['days-365', 365, 20],
    ['days-365-busy', 365, 20_000],
  ];
  for (const [id, days, perDay] of cases) await seed(id, days, perDay);
  for (const [id, days, perDay] of cases) {
    const ms = await medianMs(30, async () => {
      const res = await fetch(`${server.url}/api/writeups/${id}/report?from=2025-01-01&to=2025-12-31`, { headers: admin });
      await res.json();
    });
    console.log(`${String(days).padStart(3)} days of rollups, ${fmt(perDay * days).padStart(9)} views: ${fmt(ms, 1)} ms`);
  }

  await fetch(`${server.url}/api/writeups`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ id: 'scanned', title: 'Scanned', url: 'https://wiki.example.com/pir/scanned' }),
  });
  await benchScanner(server.url, TOKEN, 'https://wiki.example.com/pir/scanned');

  await benchOrgReport(
    async (name) => {
      const s = createStore({ table: name, endpoint: dynamo.endpoint });
      await ensureTable(s);
      return s;
    },
    async (s, count) => {
      for (let w = 0; w < count; w++) {
        await createWriteup(s, { id: `writeup-${w}`, title: `Write-up ${w}`, url: `https://docs.example.com/w/${w}` }, new Date('2025-01-01T00:00:00Z'));
      }
    },
  );

  await benchDays(server.url, admin, store, 'writeup-0');

  await benchFloods({ DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: 'bench-floods', ADMIN_TOKEN: TOKEN, READ_SECONDS: '30' });

  await benchSignIn(
    { DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: 'bench-sign-in', ADMIN_TOKEN: TOKEN, READ_SECONDS: '30', RATE_LIMITS: 'off' },
    dynamo.endpoint,
  );

  await benchWebhooks({ DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: 'bench-webhooks', ADMIN_TOKEN: TOKEN, READ_SECONDS: '30' });
  await benchSlackHook({ DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: 'bench-slack', ADMIN_TOKEN: TOKEN, READ_SECONDS: '30' });
  await benchPlatforms({ DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: 'bench-platforms', ADMIN_TOKEN: TOKEN, READ_SECONDS: '30' });
  {
    const placed = createStore({ table: 'bench-places', endpoint: dynamo.endpoint });
    await ensureTable(placed);
    await benchPlaceImports(placed);
  }

  await benchColdStarts({
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    ADMIN_TOKEN: TOKEN,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
} finally {
  server.stop();
  await dynamo.stop();
}
