import { unmarshall } from '@aws-sdk/util-dynamodb';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { $add, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { isConditionCheckFailed } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { counterNames } from '../domain/counts';
import type { DayReads } from '../domain/report';
import type { Store } from './client';
import { itemsOf, keysIn, removeAll } from './lists';
import { conditions, keys } from './model';

export interface ReadFact {
  writeupId: string;
  day: string;
  /** The reader's daily hash. */
  hash: string;
  /** A short hash of the visit id. */
  visit: string;
  /** This beacon claims an engaged read, with this scroll depth. */
  engaged?: { scroll: number };
  /** The other site a new visit came from (normalized), if any. */
  ref: string | null;
  at: Date;
  expiresAt: number;
}

export type ReadOutcome = 'new' | 'duplicate' | 'over-limit';

/**
 * Records a beacon in one conditional write to the reader's day: a view adds
 * its visit, an engaged read adds it to both sets (a visit never seen counts
 * its view too). The condition refuses a visit or engaged read already there,
 * and one past the bound; the item as it was tells which.
 */
export async function recordRead(store: Store, fact: ReadFact): Promise<ReadOutcome> {
  const { readerDay } = store.model;
  const visit = new Set([fact.visit]);
  const referred = fact.ref ? { refs: $add(1), ref: fact.ref, seenAt: fact.at.toISOString() } : {};
  const common = { ...readerDayKey(fact), visits: $add(visit), ...referred, expiresAt: fact.expiresAt };
  const command = fact.engaged
    ? readerDay
        .build(UpdateItemCommand)
        .item({ ...common, engaged: $add(visit), scroll: $add(Math.round(fact.engaged.scroll)) })
        .options({ condition: conditions.newEngagedRead(fact.visit), returnValuesOnConditionFalse: 'ALL_OLD' })
    : readerDay
        .build(UpdateItemCommand)
        .item(common)
        .options({ condition: conditions.newVisit(fact.visit), returnValuesOnConditionFalse: 'ALL_OLD' });
  try {
    await command.send();
    return 'new';
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
    const before = error.Item ? unmarshall(error.Item as Parameters<typeof unmarshall>[0]) : {};
    const seen = (before[fact.engaged ? 'engaged' : 'visits'] as Set<string> | undefined)?.has(fact.visit);
    return seen ? 'duplicate' : 'over-limit';
  }
}

const readerDayKey = (key: { writeupId: string; day: string; hash: string }) => ({ writeupDay: `${key.writeupId}#${key.day}`, hash: key.hash });

/** Whether a reader's day holds a visit, and whether it was engaged (a visit spanning midnight). */
export async function findVisit(store: Store, key: { writeupId: string; day: string; hash: string }, visit: string) {
  const { Item } = await store.model.readerDay
    .build(GetItemCommand)
    .key(readerDayKey(key))
    .options({ attributes: ['visits', 'engaged'] })
    .send();
  return { seen: Item?.visits?.has(visit) ?? false, engaged: Item?.engaged?.has(visit) ?? false };
}

/** Every reader's day of a write-up's day, for recounting it from its facts. */
export async function listReaderDays(store: Store, writeupId: string, day: string) {
  return itemsOf(store, store.model.readerDay, { partition: keys.readers(writeupId, day) }, { consistent: true });
}

/** One item per day that had reads, from `from` to `to` inclusive, oldest first. */
export async function listDailyReads(store: Store, writeupId: string, from: string, to: string): Promise<DayReads[]> {
  // Counters, up to a year of them: read as stored, without the library's per-item formatting.
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .query({ partition: keys.writeupPartition(writeupId), range: { between: [keys.dailyReads(from), keys.dailyReads(to)] } })
    .options({ maxPages: Infinity })
    .send();
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  return Items.map((item) => ({
    date: String(item.date),
    views: count(item.views),
    engaged: count(item.engaged),
    readers: count(item.readers),
    engagedScroll: count(item.engagedScroll),
    proxied: count(item.proxied),
    proxiedBy: Object.fromEntries(
      Object.entries(item).flatMap(([name, value]) => {
        const proxy = counterNames.proxied.kindOf(name);
        return proxy !== undefined && typeof value === 'number' ? [[proxy, value]] : [];
      }),
    ),
  }));
}

/** A pixel fetched by an image proxy: its write-up's day's count for that proxy grows by one. */
export async function recordProxiedFetch(store: Store, fetch: { writeupId: string; day: string; proxy: string; expiresAt: number }): Promise<void> {
  await store.model.proxiedFetch
    .build(UpdateItemCommand)
    .item({ writeupDay: `${fetch.writeupId}#${fetch.day}`, proxy: fetch.proxy, fetches: $add(1), expiresAt: fetch.expiresAt })
    .send();
}

/** A reader's day with a write-up, by its daily hash. */
export interface ReaderKey {
  writeupId: string;
  day: string;
  hash: string;
}

/**
 * One more go-link click or image-proxy fetch on the reader's day, in one
 * conditional write; false when the day already holds as many as a reader may add.
 */
export async function tallyReader(store: Store, key: ReaderKey, tally: 'clicks' | 'fetches', expiresAt: number): Promise<boolean> {
  try {
    await store.model.readerTally
      .build(UpdateItemCommand)
      .item({ ...key, [tally]: $add(1), expiresAt })
      .options({ condition: conditions.roomInTally(tally) })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

/**
 * Takes a write-up's reads out of the organization's counts and removes them:
 * each of its days, in one transaction, leaves the write-up's rollup and is
 * subtracted from the organization's day and the write-up's month, so a second
 * try after a fault subtracts only the days still there. Then its readers' and
 * proxies' days (kept a few weeks) go. The days it had reads on, oldest first.
 */
export async function removeReads(store: Store, writeupId: string, keptSince: string): Promise<string[]> {
  const { dailyReads, orgPeriod } = store.model;
  const days = await itemsOf(store, dailyReads, { partition: keys.writeupPartition(writeupId), range: { beginsWith: keys.dailyReads('') } });
  const minus = (n: number | undefined) => $add(-(n ?? 0));
  for (const day of days) {
    try {
      await execute(
        dailyReads
          .build(DeleteTransaction)
          .key({ writeupId, date: day.date })
          .options({ condition: conditions.present('date') }),
        orgPeriod.build(UpdateTransaction).item({
          sk: keys.orgDay(day.date),
          period: day.date,
          views: minus(day.views),
          engaged: minus(day.engaged),
          readers: minus(day.readers),
          proxied: minus(day.proxied),
        }),
        orgPeriod.build(UpdateTransaction).item({
          sk: keys.orgMonth(day.date.slice(0, 7), writeupId),
          period: day.date.slice(0, 7),
          writeupId,
          views: minus(day.views),
          engaged: minus(day.engaged),
        }),
      );
    } catch (error) {
      // Taken out already, by a try before this one.
      if (!(isTransactionCancelled(error) && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed')) throw error;
    }
  }
  for (const day of days.filter((d) => d.date >= keptSince)) {
    await removeAll(store, [
      ...(await keysIn(store, keys.readers(writeupId, day.date))),
      ...(await keysIn(store, `${keys.proxiedPrefix}#${writeupId}#${day.date}`)),
    ]);
  }
  return days.map((d) => d.date).sort();
}
