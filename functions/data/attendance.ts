import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { $get, $remove, isConditionCheckFailed, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { effectiveAttendee, nameKey, type AttendanceSource, type Attendee, type AttendeeUpdate } from '../domain/attendance';
import type { Store } from './client';
import { itemsOf } from './lists';
import { conditions, keys, type Model } from './model';

/**
 * Creates or merges a person's attendance: only what this update says changes,
 * so a facilitator's record and a check-in of the same name become one record.
 * `invitedFallback` (from the invitee list) applies only when nobody said.
 */
export async function upsertAttendee(
  store: Store,
  review: { id: string; day: string },
  update: AttendeeUpdate,
  source: AttendanceSource,
  invitedFallback: boolean | undefined,
  now: Date,
): Promise<void> {
  const reviewId = review.id;
  // The facilitator's spelling of a name wins; a check-in keeps the first one ("ana lima" after "Ana Lima" stays "Ana Lima").
  const changes: Record<string, unknown> = {
    name: source === 'facilitator' ? update.name : $get('name', update.name),
    updatedAt: now.toISOString(),
    day: review.day,
  };
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

/** Removes one attendance record; false when there was none. Its counts are taken back from the stream. */
export async function removeAttendee(store: Store, reviewId: string, name: string): Promise<boolean> {
  const { Attributes } = await store.model.attendee
    .build(DeleteItemCommand)
    .key({ reviewId, nameKey: nameKey(name) })
    .options({ returnValues: 'ALL_OLD' })
    .send();
  return Attributes !== undefined;
}

/**
 * Two records that are one person become the one kept: what either says, the
 * kept one's words first, in one transaction (the other removed), so the
 * counts move once. False when either is gone.
 */
export async function mergeAttendees(store: Store, review: { id: string; day: string }, keep: string, drop: string, now: Date): Promise<boolean> {
  const { attendee } = store.model;
  const key = (name: string) => ({ reviewId: review.id, nameKey: nameKey(name) });
  const [kept, dropped] = await Promise.all(
    [keep, drop].map(async (name) => (await attendee.build(GetItemCommand).key(key(name)).options({ consistent: true }).send()).Item),
  );
  if (!kept || !dropped) return false;
  const either = <K extends keyof typeof kept>(field: K) => kept[field] ?? dropped[field];
  const merged = {
    ...key(kept.name),
    name: kept.name,
    ...(either('invited') !== undefined ? { invited: either('invited') } : {}),
    ...(either('role') ? { role: either('role') } : {}),
    ...(either('facilitatorInvited') !== undefined ? { facilitatorInvited: either('facilitatorInvited') } : {}),
    ...(either('facilitatorRole') ? { facilitatorRole: either('facilitatorRole') } : {}),
    ...(kept.participated || dropped.participated ? { participated: true } : either('participated') !== undefined ? { participated: false } : {}),
    ...(kept.checkedIn || dropped.checkedIn ? { checkedIn: true } : {}),
    ...(kept.uncounted ? { uncounted: true } : {}),
    updatedAt: now.toISOString(),
    day: review.day,
  };
  try {
    await execute(
      attendee
        .build(PutTransaction)
        .item(merged as never)
        .options({ condition: conditions.present('nameKey') }),
      attendee
        .build(DeleteTransaction)
        .key(key(dropped.name))
        .options({ condition: conditions.present('nameKey') }),
    );
    return true;
  } catch (error) {
    if (isTransactionCancelled(error)) return false;
    throw error;
  }
}

/**
 * Puts each of a review's records on its day (a review moved), or counts them
 * nowhere (a review cancelled): each record's counts move with it, through the
 * stream. Records already right are left alone, so doing it again after a fault finishes the job.
 */
export async function setAttendanceDay(store: Store, reviewId: string, day: string | 'uncounted'): Promise<void> {
  const items = await itemsOf(store, store.model.attendee, { partition: keys.reviewPartition(reviewId), range: { beginsWith: keys.attendeePrefix } });
  for (const item of items) {
    if (day === 'uncounted' ? item.uncounted : item.day === day && !item.uncounted) continue;
    await store.model.attendee
      .build(UpdateItemCommand)
      .item({ reviewId, nameKey: item.nameKey, ...(day === 'uncounted' ? { uncounted: true } : { day, uncounted: $remove() }) } as never)
      .options({ condition: conditions.present('nameKey') })
      .send()
      .catch((error: unknown) => {
        // Removed meanwhile: nothing to move.
        if (!isConditionCheckFailed(error)) throw error;
      });
  }
}

/**
 * Gives records from before days were stored the day they were counted on
 * (their review's, before it moves), which moves nothing: see `services/counts.ts`.
 */
export async function stampAttendanceDay(store: Store, reviewId: string, day: string): Promise<void> {
  const items = await itemsOf(store, store.model.attendee, { partition: keys.reviewPartition(reviewId), range: { beginsWith: keys.attendeePrefix } });
  for (const item of items.filter((one) => one.day === undefined)) {
    await store.model.attendee
      .build(UpdateItemCommand)
      .item({ reviewId, nameKey: item.nameKey, day } as never)
      .options({ condition: { and: [conditions.present('nameKey'), { attr: 'day', exists: false }] } })
      .send()
      .catch((error: unknown) => {
        if (!isConditionCheckFailed(error)) throw error;
      });
  }
}

export async function listAttendees(store: Store, reviewId: string): Promise<Attendee[]> {
  const items = await itemsOf(store, store.model.attendee, { partition: keys.reviewPartition(reviewId), range: { beginsWith: keys.attendeePrefix } });
  return items.map(attendeeOf);
}

/** An attendee item as counted and shown: its stored words, the facilitator's over the check-in's. */
export function attendeeOf({ name, invited, role, facilitatorInvited, facilitatorRole, participated, checkedIn }: FormattedItem<Model['attendee']>): Attendee {
  return effectiveAttendee({ name, invited, role, facilitatorInvited, facilitatorRole, participated, checkedIn });
}
