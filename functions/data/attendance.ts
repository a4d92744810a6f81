import { $get, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { nameKey, type Attendee, type AttendeeUpdate, type Role } from '../domain/attendance';
import type { Store } from './client';
import { keys } from './model';

/**
 * Creates or merges a person's attendance: only what this update says changes,
 * so a facilitator's record and a check-in of the same name become one record.
 * `invitedFallback` (from the invitee list) applies only when nobody said.
 */
export async function upsertAttendee(store: Store, reviewId: string, update: AttendeeUpdate, invitedFallback: boolean | undefined, now: Date): Promise<void> {
  const changes: Record<string, unknown> = { name: update.name, updatedAt: now.toISOString() };
  for (const field of ['role', 'participated', 'checkedIn', 'invited'] as const) if (update[field] !== undefined) changes[field] = update[field];
  if (update.invited === undefined && invitedFallback !== undefined) changes.invited = $get('invited', invitedFallback);
  await store.model.attendee
    .build(UpdateItemCommand)
    .item({ reviewId, nameKey: nameKey(update.name), ...changes } as never)
    .send();
}

export async function listAttendees(store: Store, reviewId: string): Promise<Attendee[]> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.attendee)
    .query({ partition: keys.reviewPartition(reviewId), range: { beginsWith: keys.attendeePrefix } })
    .options({ maxPages: Infinity, entityAttrFilter: false })
    .send();
  return Items.map(({ name, invited, role, participated, checkedIn }) => ({ name, invited, role: role as Role | undefined, participated, checkedIn }));
}
