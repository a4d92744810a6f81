import type { Hono } from 'hono';
import { createWriteup, newVisitId, requestsTo, sendBeacon } from './apps';

/**
 * Two weeks of known signals for the digest of 23–29 November 2026 (sent on
 * Monday 30 November), and a write-up published a year before with what was
 * still a mystery then. Every figure the digest says is set here:
 *
 * | | the week | the week before |
 * | --- | --- | --- |
 * | new write-ups | 2 | 1 |
 * | reads (engaged) | 5 (1) | 1 (0) |
 * | readers (a visitor a day) | 5 | 1 |
 * | write-ups read 90+ days on | 1 (DNS resolver outage, 2 reads) | 0 |
 * | reviews, attendees, voluntary, shared their view | 1, 3, 2, 2 | 0 |
 * | survey responses | 2 | 0 |
 * | links | 2 (a pull request, code) | 0 |
 */
export async function seedDigestWeeks(app: Hono, at: (iso: string) => void) {
  const requests = requestsTo(() => app);
  const api = async (path: string, body: unknown) => {
    const res = await requests.api(path, body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const form = async (url: string, fields: Record<string, string>) => {
    const res = await requests.form(new URL(url).pathname, fields);
    if (res.status >= 400) throw new Error(`${url}: ${res.status}`);
  };
  const read = (w: string, ip: string, kind = 'view') =>
    sendBeacon(
      app,
      { w, k: kind, u: `https://docs.example.com/pir/${w}`, r: null, v: newVisitId(), ...(kind === 'engage' ? { e: 40_000, s: 80 } : {}) },
      { 'x-forwarded-for': ip },
    );

  // A year before: a write-up and what was still a mystery after its review.
  at('2025-11-25T10:00:00Z');
  await createWriteup(app, 'queue-backlog', { title: 'Queue backlog of November', publishedAt: '2025-11-25' });
  at('2025-11-27T10:00:00Z');
  const yearOld = await api('/api/writeups/queue-backlog/reviews', { startsAt: '2025-11-26T15:00:00Z' });
  await form(yearOld.surveyUrl, { learned: 'yes', mystery: 'Why the consumer lag alarm stayed quiet.' });

  // Long before the weeks: a write-up still read more than 90 days on.
  at('2026-06-01T10:00:00Z');
  await createWriteup(app, 'old-dns', { title: 'DNS resolver outage', publishedAt: '2026-06-01' });

  // The week before (16–22 November): one new write-up, one read.
  at('2026-11-18T10:00:00Z');
  await createWriteup(app, 'cache-stampede', { title: 'Cache stampede after the deploy', publishedAt: '2026-11-18' });
  await read('cache-stampede', '198.51.100.7');

  // The week (23–29 November).
  at('2026-11-24T10:00:00Z');
  await createWriteup(app, 'db-failover', { title: 'Database failover <took> 9 minutes & more', publishedAt: '2026-11-24' });
  await createWriteup(app, 'cert-expiry', { title: 'Certificate expiry on the payments API', publishedAt: '2026-11-24' });
  await read('db-failover', '198.51.100.1');
  await read('db-failover', '198.51.100.2');
  await read('cert-expiry', '198.51.100.4');
  await read('old-dns', '198.51.100.3', 'engage');
  at('2026-11-26T08:00:00Z');
  await read('old-dns', '198.51.100.3');
  const review = await api('/api/writeups/db-failover/reviews', {
    startsAt: '2026-11-26T09:00:00Z',
    title: 'Database failover review',
    invitees: ['Ana Lima', 'Bo Chen'],
  });
  at('2026-11-26T09:01:00Z');
  await form(review.checkinUrl, { name: 'Ana Lima', role: 'responder' });
  await form(review.checkinUrl, { name: 'Cy Dee', invited: 'no', role: 'observer' });
  await form(review.checkinUrl, { name: 'Dee Park', invited: 'no', role: 'other' });
  await api(`/api/reviews/${review.id}/attendance`, {
    attendees: [{ name: 'Ana Lima', participated: true }, { name: 'Cy Dee', participated: true }, { name: 'Dee Park' }],
  });
  at('2026-11-26T10:30:00Z');
  await form(review.surveyUrl, {
    learned: 'yes',
    surprise: 'The replica was <b>minutes</b> behind & nobody saw it. <!channel> *bold*',
    mystery: 'Why did the health check pass?',
  });
  await form(review.surveyUrl, { learned: 'somewhat', surprise: 'Two teams each thought the other owned the failover runbook.' });
  await api('/api/writeups/db-failover/links', { url: 'https://github.com/acme/db/pull/42' });
  await api('/api/writeups/db-failover/links', { url: 'https://github.com/acme/db/blob/main/src/failover.ts#L12' });
}
