import type { FormattedItem } from 'dynamodb-toolbox';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Store } from './client';
import { itemsOf } from './lists';
import { conditions, keys, type Model } from './model';
import { findToken } from './reviews';

/** A survey response: the answers, and a name only when the review is not anonymous. */
export type SurveyResponse = FormattedItem<Model['response']>;

/** A response through a shared link, keyed by the form's submission id, so a retried submit stores nothing twice. */
export async function saveSharedResponse(store: Store, response: SurveyResponse): Promise<'saved' | 'duplicate'> {
  try {
    await store.model.response
      .build(PutItemCommand)
      .item(response)
      .options({ condition: conditions.absent('id') })
      .send();
    return 'saved';
  } catch (error) {
    if (isConditionCheckFailed(error)) return 'duplicate';
    throw error;
  }
}

/**
 * A response through a single-use link: the token is spent and the response
 * stored in one transaction, so of concurrent submits exactly one wins. The
 * token keeps only a hash of the form's submission id, so a retry of that same
 * form (stored, its reply lost) is recognized, and nothing says which response
 * spent it.
 */
export async function saveSingleUseResponse(
  store: Store,
  spend: { token: string; submissionHash: string },
  response: SurveyResponse,
): Promise<'saved' | 'duplicate' | 'used'> {
  try {
    await execute(
      store.model.linkToken
        .build(UpdateTransaction)
        .item({ token: spend.token, used: true, usedBy: spend.submissionHash })
        .options({ condition: { and: [conditions.present('token'), { attr: 'used', exists: false }] } }),
      store.model.response
        .build(PutTransaction)
        .item(response)
        .options({ condition: conditions.absent('id') }),
    );
    return 'saved';
  } catch (error) {
    if (!isTransactionCancelled(error) || !error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw error;
    const token = await findToken(store, spend.token);
    return token?.usedBy === spend.submissionHash ? 'duplicate' : 'used';
  }
}

/** A write-up's responses submitted on days `from` to `to`. */
export async function listResponses(store: Store, writeupId: string, from: string, to: string): Promise<SurveyResponse[]> {
  const items = await itemsOf(store, store.model.response, {
    index: 'gsi1',
    partition: keys.writeupResponses(writeupId),
    range: { between: [from, `${to}~`] },
  });
  // A cancelled review's answers are kept, and read by nobody.
  return items.filter((item) => !item.uncounted);
}

/** A review's responses no longer count (it was cancelled); each once, so doing it again finishes what a fault left. */
export async function uncountResponses(store: Store, reviewId: string): Promise<void> {
  const items = await itemsOf(store, store.model.response, { partition: keys.reviewPartition(reviewId), range: { beginsWith: keys.response('') } });
  for (const item of items.filter((one) => !one.uncounted)) {
    await store.model.response
      .build(UpdateItemCommand)
      .item({ reviewId, id: item.id, uncounted: true })
      .options({ condition: conditions.present('id') })
      .send();
  }
}
