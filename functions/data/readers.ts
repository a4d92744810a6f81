import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';
import { isConditionFailure, itemIsNew } from './conditions';

/** Reader marker: `READER#{writeup}#{day}#{hash}` / `READER`; the hash alone, kept two days. */
const readerKey = (writeupId: string, day: string, hash: string) => ({
  pk: `READER#${writeupId}#${day}#${hash}`,
  sk: 'READER',
});

/** True when this reader is new for the write-up on that day. */
export async function markReader(
  store: Store,
  reader: { writeupId: string; day: string; hash: string; expiresAt: number },
): Promise<boolean> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: { ...readerKey(reader.writeupId, reader.day, reader.hash), expiresAt: reader.expiresAt },
        ConditionExpression: itemIsNew,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
