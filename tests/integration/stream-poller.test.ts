import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../functions/data/bootstrap';
import { tableDefinition } from '../../functions/data/table';
import type { StreamRecord } from '../../functions/data/stream';
import { startStreamPoller } from '../../local/stream-poller';
import { freshStore } from '../helpers/deps';

describe("the local stream poller's settle()", () => {
  it('looks at once, however rarely the poller looks on its own, and stops without waiting out its pause', async () => {
    const store = await freshStore({ counting: false });
    const { streamArn } = await ensureTable(store);
    const delivered: StreamRecord[] = [];
    const poller = startStreamPoller({
      store,
      endpoint: inject('dynamoEndpoint'),
      streamArn,
      // Left alone it would look again only after a minute.
      idleMs: 60_000,
      count: { links: { onboardingPrefixes: [] } },
      consume: async (_shard, records) => {
        delivered.push(...records);
        return { counted: records.length, skipped: 0 };
      },
    });
    try {
      await poller.settle();
      await store.doc.send(
        new PutCommand({ TableName: store.table, Item: { [tableDefinition.partitionKey]: 'SETTLE#probe', [tableDefinition.sortKey]: 'one' } }),
      );
      const asked = Date.now();
      await poller.settle();
      expect(Date.now() - asked).toBeLessThan(10_000);
      expect(delivered.map((record) => record.dynamodb?.Keys?.[tableDefinition.partitionKey])).toEqual([{ S: 'SETTLE#probe' }]);
    } finally {
      const stopping = Date.now();
      await poller.stop();
      expect(Date.now() - stopping).toBeLessThan(10_000);
    }
  });
});
