import type { Hono } from 'hono';
import { BROWSER_UA } from './deps';
import { newVisitId, requestsTo, sendBeacon } from './apps';

/** A participant who wrote at length: long answers fold on the write-up page. */
export const LONG_ANSWER = [
  'Honestly, luck and one habit. The on-call engineer had paged the database team early, before anyone was sure it was the database,',
  'because the week before she had seen the connection pool hold on to dead connections in staging and had written it down in the',
  'channel. When the failover stalled, that note was the first thing people found. Without it we would have spent the first half hour',
  'on the load balancer, which is where the graphs pointed. The second thing was that checkout retries were capped, so the backlog',
  'drained in minutes once the pool was recycled instead of hammering the new primary. Nobody had planned that cap for this case;',
  'it was left over from a payment-provider incident two years ago. I would like us to talk about how many of our safety margins are',
  'accidents like that, and which ones we would lose if someone tidied up the configuration without knowing the history.',
].join(' ');

/**
 * A small, realistic organization: three write-ups read over months, linked
 * from code and chat, one review with its check-ins and survey answers.
 * `setNow` moves the app's clock.
 */
export async function seedDemo(app: Hono, setNow: (iso: string) => void) {
  const { api, form: post } = requestsTo(() => app);
  const form = (url: string, fields: Record<string, string>) => post(new URL(url).pathname, fields);
  setNow('2026-01-02T09:00:00Z');
  await api('/api/writeups', {
    id: 'checkout-failover',
    title: 'Database failover stalled checkouts',
    url: 'https://wiki.example.com/pir/checkout-failover',
    publishedAt: '2026-01-02',
    incidentDate: '2025-12-28',
  });
  await api('/api/writeups', {
    id: 'dns-ttl',
    title: 'A DNS TTL kept traffic on a dead region',
    url: 'https://wiki.example.com/pir/dns-ttl',
    publishedAt: '2026-02-10',
  });
  await api('/api/writeups', {
    id: 'cert-expiry',
    title: 'An expired certificate <and> the pager',
    url: 'https://wiki.example.com/pir/cert-expiry',
    publishedAt: '2026-03-01',
  });
  const reads: Array<[string, string, number]> = [
    ['2026-01-03', 'checkout-failover', 9],
    ['2026-01-05', 'checkout-failover', 6],
    ['2026-01-20', 'checkout-failover', 3],
    ['2026-02-11', 'dns-ttl', 7],
    ['2026-02-12', 'dns-ttl', 4],
    ['2026-02-25', 'checkout-failover', 2],
    ['2026-03-02', 'cert-expiry', 5],
    ['2026-04-15', 'checkout-failover', 3],
    ['2026-05-20', 'dns-ttl', 2],
  ];
  for (const [day, w, count] of reads) {
    setNow(`${day}T10:00:00Z`);
    for (let i = 0; i < count; i++) {
      const u = `https://wiki.example.com/pir/${w}`;
      const referrer = i === 0 ? 'https://github.com/acme/payments/pull/812' : null;
      await sendBeacon(app, i % 2 ? { w, k: 'engage', u, r: referrer, v: newVisitId(), e: 60_000, s: 80 } : { w, k: 'view', u, r: referrer, v: newVisitId() }, {
        'x-forwarded-for': `203.0.113.${i}`,
      });
    }
  }
  setNow('2026-01-06T12:00:00Z');
  await api('/api/writeups/checkout-failover/links', { url: 'https://github.com/acme/payments/blob/main/src/pool.ts#L40' });
  await app.request('/go/checkout-failover?from=chat', { headers: { 'user-agent': BROWSER_UA, referer: 'https://acme.slack.com/archives/C1/p1' } });
  const review = await (
    await api('/api/writeups/checkout-failover/reviews', {
      startsAt: '2026-01-07T15:00:00Z',
      title: 'Checkout failover review',
      invitees: ['Ana Lima', 'Bo Chen'],
    })
  ).json();
  setNow('2026-01-07T15:01:00Z');
  await form(review.checkinUrl, { name: 'Ana Lima', role: 'responder' });
  await form(review.checkinUrl, { name: 'Cy Dee', invited: 'no', role: 'observer' });
  await form(review.checkinUrl, { name: 'Dee Park', invited: 'no', role: 'other' });
  await api(`/api/reviews/${review.id}/attendance`, {
    attendees: [{ name: 'Ana Lima', participated: true }, { name: 'Cy Dee', participated: true }, { name: 'Bo Chen' }],
  });
  setNow('2026-01-07T17:00:00Z');
  await form(review.surveyUrl, {
    learned: 'yes',
    understanding: '4',
    surprise: 'The pool only checked health on new connections.',
    mystery: 'Why one region recovered three minutes early.',
    notWorse: 'Ana had seen the same stall in staging.',
    spoke: 'yes',
    recommend: 'yes',
  });
  setNow('2026-01-07T17:05:00Z');
  await form(review.surveyUrl, {
    learned: 'somewhat',
    understanding: '3',
    surprise: '<script>alert("not code")</script> that nobody owned the failover runbook',
    spoke: 'no',
    recommend: 'unsure',
  });
  setNow('2026-01-07T17:10:00Z');
  await form(review.surveyUrl, {
    learned: 'yes',
    understanding: '5',
    mystery: 'How the retry budget was chosen.',
    notWorse: LONG_ANSWER,
    spoke: 'yes',
    recommend: 'yes',
  });
  return review as { id: string; checkinUrl: string; surveyUrl: string };
}
