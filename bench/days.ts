import type { Store } from '../functions/data/client';
import { localApp, NO_LIMITS } from '../local/server';
import { loadTrackerScript } from '../web/tracker-script';
import { fmt, medianMs } from './lib';

/** The days that used to stop the server (issue 22): a week and a range's end before year 0000. */
const CRAFTED = (writeup: string) => [
  '/api/digest?week=0000-01-01',
  `/api/writeups/${writeup}/report?to=0000-01-01`,
  '/api/report?from=0000-01-01&to=0000-03-01',
];
const RUNS = 50;

/**
 * The crafted days, answered: each asked 50 times of `npm start`'s server
 * (median ms, every answer a 400), then 50 times more of the same app in this
 * process, its heap read before and after (a loop over days grew it by
 * hundreds of megabytes a second until the process died).
 */
export async function benchDays(url: string, admin: Record<string, string>, store: Store, writeup: string) {
  console.log(`\n## Crafted days (${RUNS} requests each, answered 400)`);
  const ask = async (answer: () => Promise<Response>) => {
    const res = await answer();
    await res.arrayBuffer();
    if (res.status !== 400) throw new Error(`a crafted day answered ${res.status}`);
  };
  for (const path of CRAFTED(writeup)) {
    const ms = await medianMs(RUNS, () => ask(() => fetch(`${url}${path}`, { headers: admin })));
    console.log(`GET ${path}: median ${fmt(ms, 1)} ms through HTTP`);
  }

  const app = localApp(
    { store, readSeconds: 30, publicUrl: url, adminToken: async () => admin.authorization!.slice('Bearer '.length), trackerScript: loadTrackerScript },
    NO_LIMITS,
  );
  const heapMb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const before = heapMb();
  for (let i = 0; i < RUNS; i++) for (const path of CRAFTED(writeup)) await ask(async () => app.request(`${url}${path}`, { headers: admin }));
  const after = heapMb();
  console.log(`heap used in-process: ${fmt(before, 1)} MB before, ${fmt(after, 1)} MB after ${fmt(RUNS * CRAFTED(writeup).length)} crafted requests`);
}
