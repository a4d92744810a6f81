import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { isConditionCheckFailed, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Store } from './client';
import { itemsOf } from './lists';
import { keys } from './model';

export type FollowUpKind = 'survey' | 'reminder';

export interface FollowUp {
  due: string;
  reviewId: string;
  kind: FollowUpKind;
}

/** A mail to send when `due` comes (the same one twice is one). */
export async function scheduleFollowUp(store: Store, followUp: FollowUp): Promise<void> {
  await store.model.followUp.build(PutItemCommand).item(followUp).send();
}

/** The follow-ups due by `now`, oldest first (a few at a time keeps one run short). */
export async function dueFollowUps(store: Store, now: string, limit = 50): Promise<FollowUp[]> {
  const items = await itemsOf(store, store.model.followUp, { partition: keys.followUps, range: { lte: `${now}~` } });
  return items.slice(0, limit).map(({ due, reviewId, kind }) => ({ due, reviewId, kind: kind as FollowUpKind }));
}

/**
 * Takes a follow-up for sending, unless another sender took it within the last
 * quarter hour: two runs at once never both send it.
 */
export async function claimFollowUp(store: Store, followUp: FollowUp, now: Date): Promise<boolean> {
  const stale = new Date(now.getTime() - 15 * 60_000).toISOString();
  try {
    await store.model.followUp
      .build(UpdateItemCommand)
      .item({ ...followUp, claimedAt: now.toISOString() })
      .options({
        condition: {
          and: [
            { attr: 'due', exists: true },
            {
              or: [
                { attr: 'claimedAt', exists: false },
                { attr: 'claimedAt', lt: stale },
              ],
            },
          ],
        },
      })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

/** A follow-up sent, or no longer to send. */
export async function dropFollowUp(store: Store, followUp: FollowUp): Promise<void> {
  await store.model.followUp.build(DeleteItemCommand).key(followUp).send();
}
