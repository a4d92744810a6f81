import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadIncrement } from '../domain/engagement';
import type { Store } from './client';

/** A write-up's reads on one day: `WRITEUP#{id}` / `READS#{day}`. */
const dailyReadsKey = (writeupId: string, day: string) => ({ pk: `WRITEUP#${writeupId}`, sk: `READS#${day}` });

// Several of these (date, views) are DynamoDB reserved words: always go through names.
const countNames = { '#date': 'date', '#views': 'views', '#engaged': 'engaged', '#readers': 'readers', '#engagedScroll': 'engagedScroll' };
const attributeNames = { ...countNames, '#writeupId': 'writeupId' };

export interface DailyReads {
  date: string;
  views: number;
  engaged: number;
  readers: number;
  engagedScroll: number;
}

/** Adds to a day's counts atomically (ADD), so concurrent beacons lose nothing. */
export async function addDailyReads(store: Store, writeupId: string, day: string, increment: ReadIncrement): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: dailyReadsKey(writeupId, day),
      UpdateExpression:
        'SET #writeupId = :writeupId, #date = :date ADD #views :views, #engaged :engaged, #readers :readers, #engagedScroll :engagedScroll',
      ExpressionAttributeNames: attributeNames,
      ExpressionAttributeValues: {
        ':writeupId': writeupId,
        ':date': day,
        ':views': increment.views,
        ':engaged': increment.engaged,
        ':readers': increment.readers,
        ':engagedScroll': increment.engagedScroll,
      },
    }),
  );
}

/** One item per day that had reads, from `from` to `to` inclusive, oldest first. */
export async function listDailyReads(store: Store, writeupId: string, from: string, to: string): Promise<DailyReads[]> {
  const days: DailyReads[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `WRITEUP#${writeupId}`,
          ':from': `READS#${from}`,
          ':to': `READS#${to}`,
        },
        ProjectionExpression: '#date, #views, #engaged, #readers, #engagedScroll',
        ExpressionAttributeNames: countNames,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      days.push({
        date: String(item.date),
        views: Number(item.views ?? 0),
        engaged: Number(item.engaged ?? 0),
        readers: Number(item.readers ?? 0),
        engagedScroll: Number(item.engagedScroll ?? 0),
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return days;
}
