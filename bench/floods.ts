import { referenceFinder } from '../functions/domain/references';
import { fmt, startServer } from './lib';

/**
 * What one address gets through in a flood, through `npm start`'s server with
 * its limits on: pixels (each load a new visit) and wrong logins. And the
 * scanner's URL finder on a crafted 1 MB line, which took minutes when its
 * trimming was quadratic.
 */
export async function benchFloods(env: Record<string, string>) {
  const server = await startServer({ ...env, RATE_LIMITS: 'on' });
  const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
  try {
    await fetch(`${server.url}/api/writeups`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id: 'flooded', title: 'Flooded', url: 'https://docs.example.com/flooded' }),
    });
    const statuses = new Map<string, number>();
    const note = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    let started = performance.now();
    for (let i = 0; i < 2_000; i++) {
      const res = await fetch(`${server.url}/p.gif?w=flooded`, { headers: { 'user-agent': ua } });
      await res.arrayBuffer();
      note(res.status === 200 ? `200 ${res.headers.get('x-signals-dropped') ?? 'counted'}` : String(res.status));
    }
    const pixelMs = (performance.now() - started) / 2_000;
    await new Promise((r) => setTimeout(r, 2_500));
    const { reads } = await (await fetch(`${server.url}/api/writeups/flooded/report`, { headers: admin })).json();
    console.log('\n## Floods from one address (npm start, limits on)');
    console.log(
      `pixel, 2,000 loads: ${[...statuses].map(([k, n]) => `${fmt(n)} × ${k}`).join(', ')}; ${fmt(reads.views)} views counted (a reader's day holds 200); ${fmt(pixelMs, 1)} ms a request`,
    );
    statuses.clear();
    started = performance.now();
    for (let i = 0; i < 1_000; i++) {
      const res = await fetch(`${server.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=wrong',
      });
      await res.arrayBuffer();
      note(String(res.status));
    }
    console.log(
      `login, 1,000 wrong tokens: ${[...statuses].map(([k, n]) => `${fmt(n)} × ${k}`).join(', ')}; ${fmt((performance.now() - started) / 1_000, 1)} ms a request`,
    );
  } finally {
    server.stop();
  }
  const find = referenceFinder([{ id: 'w', url: 'https://wiki.example.com/pir/w' }], 'https://signals.example.com');
  const crafted = `see https://wiki.example.com/pir/w${'.'.repeat(1_000_000)}x`;
  const started = performance.now();
  find(crafted);
  console.log(`\n## Scanner: a crafted 1 MB line (a URL, a million dots, one letter): ${fmt(performance.now() - started, 1)} ms (was about 9 minutes)`);
}
