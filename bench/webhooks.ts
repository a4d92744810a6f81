import { sign } from '@octokit/webhooks-methods';
import { freePort } from '../local/dynamodb-local';
import { githubPush } from '../tests/helpers/github';
import { fmt, startServer } from './lib';

const RUNS = 5;

/**
 * A signed GitHub push of 2,048 commits (GitHub's most), each naming three
 * write-ups, through `npm start`'s server: the time to answer (GitHub waits
 * 10 s) and the links it made (one delivery makes at most 50). Each run names
 * write-ups of its own, so every run does the same work.
 */
export async function benchWebhooks(env: Record<string, string>) {
  const secret = 'bench-webhook-secret-0123456789';
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer({ ...env, RATE_LIMITS: 'off', PUBLIC_URL: base, GITHUB_WEBHOOK_SECRET: secret }, port);
  const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  try {
    const times: number[] = [];
    const answers: Array<{ created: number; existing: number; skipped: number }> = [];
    let stored = 0;
    for (let run = 0; run < RUNS; run++) {
      const ids = ['a', 'b', 'c'].map((w) => `hooked-${run}-${w}`);
      for (const id of ids) {
        await fetch(`${base}/api/writeups`, { method: 'POST', headers: admin, body: JSON.stringify({ id, title: id, url: `https://docs.example.com/${id}` }) });
      }
      const body = JSON.stringify(
        githubPush(2_048, (i) => `Commit ${i}: see https://docs.example.com/${ids[0]}, https://docs.example.com/${ids[1]} and ${base}/go/${ids[2]}`),
      );
      const started = performance.now();
      const res = await fetch(`${base}/hooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': crypto.randomUUID(),
          'x-hub-signature-256': await sign(secret, body),
        },
        body,
      });
      const answer = await res.json();
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`the push answered ${res.status}: ${JSON.stringify(answer)}`);
      answers.push(answer);
      for (const id of ids) stored += (await (await fetch(`${base}/api/writeups/${id}/links`, { headers: admin })).json()).links.length;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const size = Buffer.byteLength(JSON.stringify(githubPush(2_048, () => 'x')));
    console.log(`\n## Webhooks: a signed GitHub push of 2,048 commits naming 3 write-ups each (${RUNS} runs, npm start)`);
    console.log(
      `answered in ${fmt(sorted[Math.floor(RUNS / 2)]!)} ms (median; slowest ${fmt(sorted.at(-1)!)} ms; GitHub waits 10,000 ms); ` +
        `links made a delivery: ${[...new Set(answers.map((a) => a.created))].join(', ')} (at most 50), ${fmt(stored / RUNS)} stored; ` +
        `left out and said: ${[...new Set(answers.map((a) => a.skipped))].map((n) => fmt(n)).join(', ')} of ${fmt(2_048 * 3)} named; payload ~${fmt(size / 1024)} KB before messages`,
    );
  } finally {
    server.stop();
  }
}

/**
 * Slack's `link_shared` events through `npm start`'s server while Slack's Web API (a local stand-in) takes
 * 2 s a call: the time to answer (Slack retries after 3 s) beside the time until the message's link is
 * stored (the permalink and the unfurl come after the answer).
 */
export async function benchSlackHook(env: Record<string, string>) {
  const { createHmac } = await import('node:crypto');
  const { createServer } = await import('node:http');
  const secret = 'bench-slack-signing-secret-0123';
  const webApi = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(req.url!.endsWith('chat.getPermalink') ? { ok: true, permalink: 'https://acme.slack.com/archives/C0BENCH/p1' } : { ok: true }));
      }, 2_000),
    );
  });
  const apiPort = await freePort();
  await new Promise<void>((resolve) => webApi.listen(apiPort, '127.0.0.1', resolve));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    {
      ...env,
      RATE_LIMITS: 'off',
      PUBLIC_URL: base,
      SLACK_SIGNING_SECRET: secret,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: `http://127.0.0.1:${apiPort}/api/`,
    },
    port,
  );
  const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  try {
    const answered: number[] = [];
    const linked: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const id = `slacked-${run}`;
      await fetch(`${base}/api/writeups`, { method: 'POST', headers: admin, body: JSON.stringify({ id, title: id, url: `https://docs.example.com/${id}` }) });
      const body = JSON.stringify({
        type: 'event_callback',
        event_id: `Ev0BENCH${run}`,
        event: {
          type: 'link_shared',
          channel: 'C0BENCH',
          message_ts: `1721234567.00${run}`,
          source: 'conversations_history',
          links: [{ domain: 'docs.example.com', url: `https://docs.example.com/${id}` }],
        },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const started = performance.now();
      const res = await fetch(`${base}/hooks/slack`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
        },
        body,
      });
      await res.arrayBuffer();
      answered.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`the Slack hook answered ${res.status}`);
      for (;;) {
        const { links } = await (await fetch(`${base}/api/writeups/${id}/links`, { headers: admin })).json();
        if (links.length) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      linked.push(performance.now() - started);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`\n## Webhooks: Slack link_shared with its Web API taking 2,000 ms a call (${RUNS} runs, npm start)`);
    console.log(
      `answered in ${fmt(median(answered))} ms (median; slowest ${fmt(Math.max(...answered))} ms; Slack retries after 3,000 ms); ` +
        `the message's link stored ${fmt(median(linked))} ms after the event (median; the permalink first, after the answer)`,
    );
  } finally {
    server.stop();
    webApi.close();
  }
}
