import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Store } from './client';
import { conditions } from './model';

/** A taken event is remembered this long: past every retry its sender makes. */
const KEPT_SECONDS = 24 * 3600;

/** Takes an event for work, once: false when a delivery of it was taken before. */
export async function takeHookEvent(store: Store, source: string, eventId: string, now: Date): Promise<boolean> {
  try {
    await store.model.hookEvent
      .build(PutItemCommand)
      .item({ source, eventId, takenAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + KEPT_SECONDS })
      .options({ condition: conditions.absent('eventId') })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

/** Lets an event be taken again: its work could not be handed on, so its retry should do it. */
export async function releaseHookEvent(store: Store, source: string, eventId: string): Promise<void> {
  await store.model.hookEvent.build(DeleteItemCommand).key({ source, eventId }).send();
}
