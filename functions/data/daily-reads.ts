import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadIncrement } from '../domain/engagement';
import type { DayReads } from '../domain/report';
import type { Store } from './client';
import { counterBatcher } from './counter-batcher';
import { queryAll } from './query';

/** A write-up's reads on one day: `WRITEUP#{id}` / `READS#{day}`. */
const dailyReadsKey = (writeupId: string, day: string) => ({ pk: `WRITEUP#${writeupId}`, sk: `READS#${day}` });

// Several of these (date, views) are DynamoDB reserved words: always go through names.
const countNames = { '#date': 'date', '#views': 'views', '#engaged': 'engaged', '#readers': 'readers', '#engagedScroll': 'engagedScroll' };
const attributeNames = { ...countNames, '#writeupId': 'writeupId' };

const batchers = new WeakMap<Store, ReturnType<typeof counterBatcher>>();

/**
 * Adds to a day's counts atomically (ADD), so concurrent beacons lose nothing;
 * increments that arrive while a write is under way share the next write.
 */
export function addDailyReads(store: Store, writeupId: string, day: string, increment: ReadIncrement): Promise<void> {
  let add = batchers.get(store);
  if (!add) {
    add = counterBatcher(async (key, counts) => {
      const [id, date] = key.split('\n') as [string, string];
      await store.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key: dailyReadsKey(id, date),
          UpdateExpression:
            'SET #writeupId = :writeupId, #date = :date ADD #views :views, #engaged :engaged, #readers :readers, #engagedScroll :engagedScroll',
          ExpressionAttributeNames: attributeNames,
          ExpressionAttributeValues: {
            ':writeupId': id,
            ':date': date,
            ':views': counts.views ?? 0,
            ':engaged': counts.engaged ?? 0,
            ':readers': counts.readers ?? 0,
            ':engagedScroll': counts.engagedScroll ?? 0,
          },
        }),
      );
    });
    batchers.set(store, add);
  }
  return add(`${writeupId}\n${day}`, { ...increment });
}

/** One item per day that had reads, from `from` to `to` inclusive, oldest first. */
export async function listDailyReads(store: Store, writeupId: string, from: string, to: string): Promise<DayReads[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `WRITEUP#${writeupId}`, ':from': `READS#${from}`, ':to': `READS#${to}` },
    ProjectionExpression: '#date, #views, #engaged, #readers, #engagedScroll',
    ExpressionAttributeNames: countNames,
  });
  return items.map((item) => ({
    date: String(item.date),
    views: Number(item.views ?? 0),
    engaged: Number(item.engaged ?? 0),
    readers: Number(item.readers ?? 0),
    engagedScroll: Number(item.engagedScroll ?? 0),
  }));
}
