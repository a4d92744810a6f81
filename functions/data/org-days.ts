import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';
import type { Counts, OrgDelta, OrgPeriod } from '../domain/org-report';
import { counterBatcher } from './counter-batcher';
import { queryAll } from './query';

/**
 * The organization's rollups, all under `ORG`, each item small so that every
 * update costs one write unit: `DAY#{day}` holds the day's totals (the report's
 * series reads one item per day), and `MONTH#{yyyy-mm}#{writeup}` a write-up's
 * month (the write-up list reads one item per month and active write-up, never
 * one per day and write-up).
 */
const orgKey = (period: string) => ({ pk: 'ORG', sk: period });

/** `lastRead` holds a day as a number (20260131) and keeps the latest. */
const isLatest = (name: string) => name === 'lastRead';
const COUNTERS_PER_UPDATE = 150;

const batchers = new WeakMap<Store, ReturnType<typeof counterBatcher>>();

function batcherFor(store: Store) {
  let add = batchers.get(store);
  if (!add) {
    add = counterBatcher(
      async (period, counts) => {
        const entries = Object.entries(counts);
        // An update expression may be at most 4 KB: a large batch goes in parts.
        const parts: Array<typeof entries> = [];
        for (let i = 0; i < entries.length; i += COUNTERS_PER_UPDATE) parts.push(entries.slice(i, i + COUNTERS_PER_UPDATE));
        await Promise.all(parts.map((part) => writeCounters(store, period, part)));
      },
      (name, a, b) => (isLatest(name) ? Math.max(a, b) : a + b),
    );
    batchers.set(store, add);
  }
  return add;
}

async function writeCounters(store: Store, period: string, entries: Array<[string, number]>) {
  const names: Record<string, string> = { '#period': 'period' };
  const values: Record<string, unknown> = { ':period': period.slice(period.indexOf('#') + 1) };
  // A write-up's month names its write-up and month as plain attributes too.
  const [, month, writeupId] = /^MONTH#([^#]+)#(.+)$/.exec(period) ?? [];
  if (month && writeupId) Object.assign(values, { ':period': month, ':writeupId': writeupId });
  const sets = ['#period = :period'];
  if (writeupId) {
    names['#writeupId'] = 'writeupId';
    sets.push('#writeupId = :writeupId');
  }
  const adds: string[] = [];
  entries.forEach(([name, value], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = value;
    (isLatest(name) ? sets : adds).push(isLatest(name) ? `#c${i} = :c${i}` : `#c${i} :c${i}`);
  });
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: orgKey(period),
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * A day's counters as one action of a transaction, so a fact and its count are
 * stored together or not at all.
 */
export function orgDayIncrement(store: Store, day: string, counts: Counts) {
  const entries = Object.entries(counts).filter(([, value]) => value !== 0);
  return {
    Update: {
      TableName: store.table,
      Key: orgKey(`DAY#${day}`),
      UpdateExpression: `SET #period = :period${entries.length ? ` ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}` : ''}`,
      ExpressionAttributeNames: { '#period': 'period', ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])) },
      ExpressionAttributeValues: { ':period': day, ...Object.fromEntries(entries.map(([, value], i) => [`:c${i}`, value])) },
    },
  };
}

/** Adds to the organization's counters for a day and a write-up's month; concurrent additions share writes. */
export async function addOrgCounts(store: Store, day: string, delta: OrgDelta): Promise<void> {
  const add = batcherFor(store);
  await Promise.all([
    Object.keys(delta.day).length ? add(`DAY#${day}`, delta.day) : undefined,
    delta.writeup && Object.keys(delta.writeup.counts).length ? add(`MONTH#${day.slice(0, 7)}#${delta.writeup.id}`, delta.writeup.counts) : undefined,
  ]);
}

/**
 * The organization's days (`DAY`, `YYYY-MM-DD`) or write-up months (`MONTH`,
 * `YYYY-MM`), from and to inclusive.
 */
export async function listOrgPeriods(store: Store, kind: 'DAY' | 'MONTH', from: string, to: string): Promise<{ periods: OrgPeriod[]; requests: number }> {
  const { items, requests } = await queryAll(store, {
    KeyConditionExpression: 'pk = :org AND sk BETWEEN :from AND :to',
    // `~` sorts after every write-up id, so a month's write-ups all fall in.
    ExpressionAttributeValues: { ':org': 'ORG', ':from': `${kind}#${from}`, ':to': `${kind}#${to}${kind === 'MONTH' ? '#~' : ''}` },
  });
  const periods = items.map((item): OrgPeriod => {
    const counts: Counts = {};
    for (const [name, value] of Object.entries(item)) if (typeof value === 'number') counts[name] = value;
    return { period: String(item.period), ...(item.writeupId ? { writeupId: String(item.writeupId) } : {}), counts };
  });
  return { periods, requests };
}
