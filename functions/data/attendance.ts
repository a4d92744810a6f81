import type { FormattedItem } from 'dynamodb-toolbox';
import { $get, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { effectiveAttendee, nameKey, type AttendanceSource, type Attendee, type AttendeeUpdate } from '../domain/attendance';
import type { Store } from './client';
import { itemsOf } from './lists';
import { keys, type Model } from './model';

/**
 * Creates or merges a person's attendance: only what this update says changes,
 * so a facilitator's record and a check-in of the same name become one record.
 * `invitedFallback` (from the invitee list) applies only when nobody said.
 */
export async function upsertAttendee(
  store: Store,
  reviewId: string,
  update: AttendeeUpdate,
  source: AttendanceSource,
  invitedFallback: boolean | undefined,
  now: Date,
): Promise<void> {
  const changes: Record<string, unknown> = { name: update.name, updatedAt: now.toISOString() };
  if (update.participated !== undefined) changes.participated = update.participated;
  if (update.checkedIn !== undefined) changes.checkedIn = update.checkedIn;
  // A check-in writes its own fields; the facilitator's go beside them, so neither overwrites the other.
  const own = source === 'facilitator' ? { invited: 'facilitatorInvited', role: 'facilitatorRole' } : { invited: 'invited', role: 'role' };
  if (update.invited !== undefined) changes[own.invited] = update.invited;
  if (update.role !== undefined) changes[own.role] = update.role;
  if (update.invited === undefined && invitedFallback !== undefined) changes.invited = $get('invited', invitedFallback);
  await store.model.attendee
    .build(UpdateItemCommand)
    .item({ reviewId, nameKey: nameKey(update.name), ...changes } as never)
    .send();
}

export async function listAttendees(store: Store, reviewId: string): Promise<Attendee[]> {
  const items = await itemsOf(store, store.model.attendee, { partition: keys.reviewPartition(reviewId), range: { beginsWith: keys.attendeePrefix } });
  return items.map(attendeeOf);
}

/** An attendee item as counted and shown: its stored words, the facilitator's over the check-in's. */
export function attendeeOf({ name, invited, role, facilitatorInvited, facilitatorRole, participated, checkedIn }: FormattedItem<Model['attendee']>): Attendee {
  return effectiveAttendee({ name, invited, role, facilitatorInvited, facilitatorRole, participated, checkedIn });
}
