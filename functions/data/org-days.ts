import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';
import { counterBatcher, type Counts } from './counter-batcher';

/**
 * The organization's day: `ORG` / `DAY#{day}`, one item per day holding every
 * counter of that day (totals and per write-up), so the organization report
 * reads one item per day, however many write-ups and reads there are.
 */
const orgDayKey = (day: string) => ({ pk: 'ORG', sk: `DAY#${day}` });

const batchers = new WeakMap<Store, ReturnType<typeof counterBatcher>>();

function batcherFor(store: Store) {
  let add = batchers.get(store);
  if (!add) {
    add = counterBatcher(async (day, counts) => {
      const entries = Object.entries(counts);
      if (entries.length === 0) return;
      const names: Record<string, string> = { '#date': 'date' };
      const values: Record<string, unknown> = { ':date': day };
      const adds = entries.map(([name, value], i) => {
        names[`#c${i}`] = name;
        values[`:c${i}`] = value;
        return `#c${i} :c${i}`;
      });
      await store.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key: orgDayKey(day),
          UpdateExpression: `SET #date = :date ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    });
    batchers.set(store, add);
  }
  return add;
}

/** Adds to a day's organization counters; concurrent additions share writes. */
export function addOrgCounts(store: Store, day: string, counts: Counts): Promise<void> {
  return batcherFor(store)(day, counts);
}

export interface OrgDay {
  date: string;
  counts: Counts;
}

export async function listOrgDays(store: Store, from: string, to: string): Promise<{ days: OrgDay[]; requests: number }> {
  const days: OrgDay[] = [];
  let requests = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'pk = :org AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':org': 'ORG', ':from': `DAY#${from}`, ':to': `DAY#${to}` },
        ExclusiveStartKey,
      }),
    );
    requests++;
    for (const item of page.Items ?? []) {
      const counts: Counts = {};
      for (const [name, value] of Object.entries(item)) if (typeof value === 'number') counts[name] = value;
      days.push({ date: String(item.date), counts });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { days, requests };
}
