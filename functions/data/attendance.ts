import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nameKey, type Attendee, type AttendeeUpdate } from '../domain/attendance';
import type { Store } from './client';
import { queryAll } from './query';

/** Attendee: `REVIEW#{id}` / `ATTENDEE#{name, lowercased}`: one record per person and review. */
const attendeeKey = (reviewId: string, name: string) => ({ pk: `REVIEW#${reviewId}`, sk: `ATTENDEE#${nameKey(name)}` });

/**
 * Creates or merges a person's attendance: only what this update says changes,
 * so a facilitator's record and a check-in of the same name become one record.
 * `invitedFallback` (from the invitee list) applies only when nobody said.
 * Returns the record as it was before, if there was one.
 */
export async function upsertAttendee(
  store: Store,
  reviewId: string,
  update: AttendeeUpdate,
  invitedFallback: boolean | undefined,
  now: Date,
): Promise<Attendee | undefined> {
  const names: Record<string, string> = { '#name': 'name', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':name': update.name, ':now': now.toISOString() };
  const sets = ['#name = :name', '#updatedAt = :now'];
  for (const field of ['role', 'participated', 'checkedIn', 'invited'] as const) {
    if (update[field] === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = update[field];
    sets.push(`#${field} = :${field}`);
  }
  if (update.invited === undefined && invitedFallback !== undefined) {
    names['#invited'] = 'invited';
    values[':invitedFallback'] = invitedFallback;
    sets.push('#invited = if_not_exists(#invited, :invitedFallback)');
  }
  const { Attributes } = await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: attendeeKey(reviewId, update.name),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes ? toAttendee(Attributes) : undefined;
}

function toAttendee(item: Record<string, unknown>): Attendee {
  const { name, invited, role, participated, checkedIn } = item as unknown as Attendee;
  return { name, invited, role, participated, checkedIn };
}

export async function listAttendees(store: Store, reviewId: string): Promise<Attendee[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :review AND begins_with(sk, :attendee)',
    ExpressionAttributeValues: { ':review': `REVIEW#${reviewId}`, ':attendee': 'ATTENDEE#' },
  });
  return items.map(toAttendee);
}
