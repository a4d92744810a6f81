import { randomUUID } from 'node:crypto';
import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { $add, $remove, isConditionCheckFailed, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Condition } from 'dynamodb-toolbox/entity/actions/parseCondition';
import type { Store } from './client';
import { keys, type Model } from './model';

// Each week's digest to each destination: claimed before it is sent, marked after.

export type DigestSend = FormattedItem<Model['digestSend']>;

type Key = { week: string; destination: string };

export type ClaimResult = { claimed: true; claim: string; attempts: number } | { claimed: false; record: DigestSend };

/**
 * Takes the week's send to a destination, or says who has it. Free to take:
 * nothing there yet; a failed send whose next try is due (any failed send, when
 * a person asks); a claim older than the lease whose sender never said how it
 * ended; and, when a person asks, a week found empty. Of concurrent claims exactly one wins.
 */
export async function claimDigest(store: Store, key: Key, now: Date, options: { byHand: boolean; staleBefore: Date }): Promise<ClaimResult> {
  const at = now.toISOString();
  // A person may also look again at a week found empty (a backlog imported since may have filled it).
  const failedAndDue: Condition<Model['digestSend']> = options.byHand
    ? { attr: 'status', in: ['failed', 'empty'] }
    : {
        and: [
          { attr: 'status', eq: 'failed' },
          { attr: 'nextTryAt', exists: true },
          { attr: 'nextTryAt', lte: at },
        ],
      };
  const claim = randomUUID();
  try {
    const { Attributes } = await store.model.digestSend
      .build(UpdateItemCommand)
      .item({ ...key, status: 'sending', claim, claimedAt: at, updatedAt: at, attempts: $add(1), nextTryAt: $remove() })
      .options({
        condition: {
          or: [
            { attr: 'week', exists: false },
            failedAndDue,
            {
              and: [
                { attr: 'status', eq: 'sending' },
                { attr: 'claimedAt', lt: options.staleBefore.toISOString() },
              ],
            },
          ],
        },
        returnValues: 'ALL_NEW',
      })
      .send();
    return { claimed: true, claim, attempts: Attributes?.attempts ?? 1 };
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
    const record = await getDigestSend(store, key);
    if (!record) throw error;
    return { claimed: false, record };
  }
}

export type Outcome = { status: 'sent'; detail?: string } | { status: 'empty'; detail: string } | { status: 'failed'; error: string; nextTryAt?: string };

/** Says how a claimed send ended; only the claim's holder may (a lease taken over since is left alone). */
export async function finishDigest(store: Store, key: Key, claim: string, outcome: Outcome, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const fields =
    outcome.status === 'failed'
      ? { status: outcome.status, error: outcome.error, nextTryAt: outcome.nextTryAt ?? $remove() }
      : { status: outcome.status, sentAt: outcome.status === 'sent' ? at : $remove(), detail: outcome.detail ?? $remove(), error: $remove() };
  try {
    await store.model.digestSend
      .build(UpdateItemCommand)
      .item({ ...key, ...fields, updatedAt: at })
      .options({ condition: { attr: 'claim', eq: claim } })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

export async function getDigestSend(store: Store, key: Key): Promise<DigestSend | undefined> {
  const { Item } = await store.model.digestSend.build(GetItemCommand).key(key).options({ consistent: true }).send();
  return Item;
}

/** Every destination's record of a week's digest. */
export async function listDigestSends(store: Store, week: string): Promise<DigestSend[]> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.digestSend)
    .query({ partition: keys.digest(week) })
    .options({ consistent: true, entityAttrFilter: false })
    .send();
  return Items;
}
