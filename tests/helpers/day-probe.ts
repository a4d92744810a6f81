// Asks the local app for crafted days in a process of its own, so that a
// request that never ends (a synchronous loop no timer can interrupt) or
// fills the heap fails the test that started it rather than hanging it.
// Run by tests/hardening/days.test.ts with `node --import tsx`; the table and
// its DynamoDB Local come from that test. It prints one JSON line a request.
import { createStore } from '../../functions/data/client';
import { localApp, NO_LIMITS } from '../../local/server';
import { loadTrackerScript } from '../../web/tracker-script';

const { PROBE_ENDPOINT, PROBE_TABLE, PROBE_TOKEN, PROBE_PATHS } = process.env;
if (!PROBE_ENDPOINT || !PROBE_TABLE || !PROBE_TOKEN || !PROBE_PATHS)
  throw new Error('day-probe needs PROBE_ENDPOINT, PROBE_TABLE, PROBE_TOKEN and PROBE_PATHS');

const app = localApp(
  {
    store: createStore({ table: PROBE_TABLE, endpoint: PROBE_ENDPOINT }),
    readSeconds: 30,
    publicUrl: 'https://signals.example.com',
    adminToken: async () => PROBE_TOKEN,
    trackerScript: loadTrackerScript,
    trustProxy: 1,
  },
  NO_LIMITS,
);

for (const path of JSON.parse(PROBE_PATHS) as string[]) {
  const started = performance.now();
  const res = await app.request(path, { headers: { authorization: `Bearer ${PROBE_TOKEN}` } });
  const body = await res.text();
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `${JSON.stringify({ path, status: res.status, ms, heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20), body: body.slice(0, 300) })}\n`,
  );
}
process.exit(0);
