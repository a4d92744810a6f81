import { fmt } from './lib';

/**
 * From an accepted beacon to the report that counts it, through `npm start`'s
 * server (its stream poller counting): one beacon at a time for a fresh
 * write-up, the report asked every 10 ms until the view shows.
 */
export async function benchLag(url: string, admin: Record<string, string>, samples: number) {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
  const lags: number[] = [];
  for (let i = 0; i < samples; i++) {
    const id = `lag-${i}`;
    await fetch(`${url}/api/writeups`, { method: 'POST', headers: admin, body: JSON.stringify({ id, title: id, url: `https://docs.example.com/lag/${i}` }) });
    const res = await fetch(`${url}/e`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': ua, 'x-forwarded-for': `10.3.0.${i % 250}` },
      body: JSON.stringify({ w: id, k: 'view', u: `https://docs.example.com/lag/${i}`, r: null, v: `lag-visit-${i}` }),
    });
    const accepted = performance.now();
    if (res.status !== 202) throw new Error(`beacon answered ${res.status}`);
    for (;;) {
      const report = await (await fetch(`${url}/api/writeups/${id}/report`, { headers: admin })).json();
      if (report.reads.views === 1) break;
      if (performance.now() - accepted > 10_000) throw new Error('a view did not show within 10 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    lags.push(performance.now() - accepted);
  }
  lags.sort((a, b) => a - b);
  const at = (p: number) => lags[Math.min(lags.length - 1, Math.ceil((p / 100) * lags.length) - 1)]!;
  console.log(`\n## Lag from an accepted beacon to the report (${samples} beacons, one at a time, npm start's server)`);
  console.log(`p50 ${fmt(at(50), 0)} ms, p99 ${fmt(at(99), 0)} ms, max ${fmt(lags.at(-1)!, 0)} ms (promise: at most 2,000 ms)`);
}
