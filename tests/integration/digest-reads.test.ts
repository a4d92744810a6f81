import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localApp } from '../../local/server';
import { createStore, type Store } from '../../functions/data/client';
import { parseDigestSchedule } from '../../functions/domain/digest';
import { sendDigest, type DigestSettings } from '../../functions/services/digest';
import { createWriteup, newVisitId, sendBeacon } from '../helpers/apps';
import { settled, testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';
import { startMailbox, type Mailbox } from '../helpers/mail';
import { startSlackWebhook, type SlackWebhook } from '../helpers/slack-webhook';
import { seedDigestWeeks } from '../helpers/digest-weeks';

// The digest's store work as write-ups grow: the known weeks (5 write-ups) and 30 more.
const EXTRA = 30;
const WRITEUPS = 5 + EXTRA;

let mailbox: Mailbox;
let slack: SlackWebhook;
let settings: DigestSettings;
let table: string;
beforeAll(async () => {
  [mailbox, slack] = await Promise.all([startMailbox(), startSlackWebhook()]);
  let clock = new Date('2025-11-27T10:00:00Z');
  settings = {
    schedule: parseDigestSchedule('MON 09:00'),
    slackWebhookUrl: async () => slack.url,
    email: { to: ['leaders@acme.example'], from: 'signals@acme.example', via: { smtpUrl: mailbox.url } },
  };
  const deps = await testDeps({ now: () => clock, digest: settings });
  const app = localApp(deps);
  await seedDigestWeeks(app, (iso) => (clock = new Date(iso)));
  // Three published in a quiet week (26 October – 1 November, no survey answered in the four weeks to it),
  // the rest earlier in the year; every fifth read in the week of 23–29 November.
  clock = new Date('2026-11-20T10:00:00Z');
  for (let i = 0; i < EXTRA; i++) await createWriteup(app, `extra-${i}`, { publishedAt: i < 3 ? '2026-10-28' : `2026-0${1 + (i % 9)}-15` });
  clock = new Date('2026-11-25T10:00:00Z');
  for (let i = 0; i < EXTRA; i += 5)
    await sendBeacon(app, { w: `extra-${i}`, k: 'view', u: `https://docs.example.com/pir/extra-${i}`, r: null, v: newVisitId() });
  await settled();
  table = deps.store.table;
});
afterAll(async () => {
  await Promise.all([mailbox.close(), slack.close()]);
});

/** A store of its own (the stream's counting has another), counting the calls made through it by kind. */
function countedStore() {
  const store: Store = createStore({ table, endpoint: inject('dynamoEndpoint') });
  const calls: Record<string, number> = {};
  const send = store.doc.send.bind(store.doc) as (command: object, ...rest: unknown[]) => Promise<unknown>;
  store.doc.send = ((command: object, ...rest: unknown[]) => {
    calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
    return send(command, ...rest);
  }) as typeof store.doc.send;
  return { store, calls };
}

async function sendCounted(label: string, now: Date) {
  const { store, calls } = countedStore();
  const result = await sendDigest(store, settings, { now, dashboardUrl: 'https://s.example', byHand: false });
  const line = `digest send, ${label}, ${WRITEUPS} write-ups: ${Object.entries(calls)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ')}`;
  recordFigure(line);
  console.log(line);
  return { result, queries: calls.QueryCommand ?? 0 };
}

describe("the digest's store work", () => {
  it('a week with survey answers: the organization read once, then one query per write-up for their words and one per long-tail write-up', async () => {
    const { result, queries } = await sendCounted('a week with answers', new Date('2026-11-30T09:30:00Z'));
    expect(result.sent).toBe(true);
    // 3 (write-ups, days, months) + every write-up's responses (the year-old one's among them, read once)
    // + the days of the 6 old enough for the long tail and read lately.
    expect(queries).toBeLessThanOrEqual(3 + WRITEUPS + 6);
  });

  it('a week whose four weeks had no survey answer: no query per write-up', async () => {
    const { result, queries } = await sendCounted('a quiet week', new Date('2026-11-02T09:30:00Z'));
    expect(result.sent).toBe(true);
    expect(queries).toBeLessThan(WRITEUPS / 2);
  });
});
