import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { Store } from './client';
import { tableDefinition as def } from './table';

/**
 * Creates the table from the shared definition when it does not exist yet,
 * and turns its stream on when a table from before the stream lacks it.
 * Returns the stream's ARN.
 */
export async function ensureTable(store: Store): Promise<{ table: 'created' | 'existing'; streamArn: string }> {
  const client = store.doc;
  const existing = await describe(store);
  if (existing) {
    if (existing.StreamSpecification?.StreamEnabled && existing.LatestStreamArn) return { table: 'existing', streamArn: existing.LatestStreamArn };
    await client.send(new UpdateTableCommand({ TableName: store.table, StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } }));
    return { table: 'existing', streamArn: (await describe(store))!.LatestStreamArn! };
  }
  const keyAttributes = [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName: store.table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: def.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream },
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: store.table });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: store.table,
      TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
    }),
  );
  return { table: 'created', streamArn: (await describe(store))!.LatestStreamArn! };
}

async function describe(store: Store) {
  try {
    return (await store.doc.send(new DescribeTableCommand({ TableName: store.table }))).Table;
  } catch (error) {
    // The store client reports a missing table as an outage; here it only means "not yet".
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (cause instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
