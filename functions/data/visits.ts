import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { VisitOutcome } from '../domain/engagement';
import type { Store } from './client';
import { isConditionFailure, itemIsNew } from './conditions';

/** Visit: `VISIT#{writeup}#{visitId}` / `VISIT`, kept two days for de-duplication. */
const visitKey = (writeupId: string, visitId: string) => ({ pk: `VISIT#${writeupId}#${visitId}`, sk: 'VISIT' });

const notYetEngaged = 'attribute_not_exists(#engaged)';

export interface VisitMark {
  writeupId: string;
  visitId: string;
  /** Whether this beacon carries an engaged read. */
  engaged: boolean;
  expiresAt: number;
}

/**
 * Records a beacon's visit in one conditional write and says what is new:
 * the visit itself (its view counts) and, for an engaged beacon, its first
 * engaged read. Concurrent duplicates race on the condition; one wins.
 */
export async function markVisit(store: Store, mark: VisitMark): Promise<VisitOutcome> {
  const Key = visitKey(mark.writeupId, mark.visitId);
  try {
    if (!mark.engaged) {
      await store.doc.send(
        new PutCommand({
          TableName: store.table,
          Item: { ...Key, expiresAt: mark.expiresAt },
          ConditionExpression: itemIsNew,
        }),
      );
      return { newVisit: true, newlyEngaged: false };
    }
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key,
        UpdateExpression: 'SET #engaged = :yes, #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        ConditionExpression: notYetEngaged,
        ExpressionAttributeNames: { '#engaged': 'engaged', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: { ':yes': true, ':expiresAt': mark.expiresAt },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    // UPDATED_OLD returns the old expiresAt only when the visit already existed.
    return { newVisit: Attributes?.expiresAt === undefined, newlyEngaged: true };
  } catch (error) {
    if (isConditionFailure(error)) return { newVisit: false, newlyEngaged: false };
    throw error;
  }
}
