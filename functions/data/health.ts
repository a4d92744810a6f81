import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';

/** One cheap read that proves the table answers. */
export async function pingStore(store: Store): Promise<void> {
  await store.doc.send(new GetCommand({ TableName: store.table, Key: { pk: 'HEALTH', sk: 'HEALTH' } }));
}
