import type { FormattedItem } from 'dynamodb-toolbox';
import { BatchWriteCommand, execute as executeBatch } from 'dynamodb-toolbox/table/actions/batchWrite';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { $add, $remove, isConditionCheckFailed, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Review } from '../domain/review';
import type { Question } from '../domain/survey';
import type { Store } from './client';
import { itemsOf, keysIn, removeAll } from './lists';
import { conditions, keys, type Model } from './model';

type LinkTokenItem = FormattedItem<Model['linkToken']>;
export type TokenKind = LinkTokenItem['kind'];

/** A link as its holder is told of it: whether it was used, and (a single-use link, once spent) a hash of the submission id that spent it. */
export type LinkToken = Pick<LinkTokenItem, 'kind' | 'reviewId' | 'usedBy'> & { used: boolean };

/** The review and its two shared links, all or nothing. */
export async function createReview(store: Store, review: Review): Promise<void> {
  const { review: reviews, linkToken } = store.model;
  await execute(
    reviews
      .build(PutTransaction)
      .item(review)
      .options({ condition: conditions.absent('id') }),
    linkToken
      .build(PutTransaction)
      .item({ token: review.checkinToken, kind: 'checkin', reviewId: review.id })
      .options({ condition: conditions.absent('token') }),
    linkToken
      .build(PutTransaction)
      .item({ token: review.surveyToken, kind: 'survey', reviewId: review.id })
      .options({ condition: conditions.absent('token') }),
  );
}

export async function getReview(store: Store, id: string): Promise<Review | undefined> {
  const { Item } = await store.model.review.build(GetItemCommand).key({ id }).send();
  return Item && toReview(Item);
}

/** Every review of a write-up, by start time. A write-up has a handful. */
export async function listReviews(store: Store, writeupId: string): Promise<Review[]> {
  return (await itemsOf(store, store.model.review, { index: 'gsi1', partition: keys.writeupReviews(writeupId) })).map(toReview);
}

export interface ReviewChanges {
  startsAt?: string;
  durationMinutes?: number;
  title?: string;
  timeZone?: string;
  invitees?: string[];
  /** `[]` clears them. */
  invitations?: { name: string; email: string }[];
}

/**
 * Changes the named fields of a review not cancelled, and raises its
 * invitation's `SEQUENCE` (calendars replace an event only by a higher one);
 * the review as it is now, or why not.
 */
export async function updateReview(store: Store, id: string, changes: ReviewChanges): Promise<Review | 'gone' | 'cancelled'> {
  const fields: Record<string, unknown> = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (changes.invitations?.length === 0) fields.invitations = $remove();
  try {
    const { Attributes } = await store.model.review
      .build(UpdateItemCommand)
      .item({
        id,
        ...fields,
        // Its place among the write-up's reviews follows its start.
        ...(changes.startsAt ? { gsi1sk: `${changes.startsAt}#${id}` } : {}),
        sequence: $add(1),
      } as never)
      .options({
        condition: { and: [conditions.present('id'), { attr: 'cancelledAt', exists: false }] },
        returnValues: 'ALL_NEW',
        returnValuesOnConditionFalse: 'ALL_OLD',
      })
      .send();
    return toReview(Attributes as FormattedItem<Model['review']>);
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
    return error.Item ? 'cancelled' : 'gone';
  }
}

/** Cancels a review (its `SEQUENCE` up: the cancellation replaces the invitation); false when it is gone or was cancelled before. */
export async function markCancelled(store: Store, id: string, now: Date): Promise<Review | undefined> {
  try {
    const { Attributes } = await store.model.review
      .build(UpdateItemCommand)
      .item({ id, cancelledAt: now.toISOString(), sequence: $add(1) })
      .options({ condition: { and: [conditions.present('id'), { attr: 'cancelledAt', exists: false }] }, returnValues: 'ALL_NEW' })
      .send();
    return toReview(Attributes as FormattedItem<Model['review']>);
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
    return undefined;
  }
}

/** Reopens a review's check-in until a moment, or closes a reopened one (`undefined`). */
export async function setCheckinReopenedUntil(store: Store, id: string, until: string | undefined): Promise<void> {
  await store.model.review
    .build(UpdateItemCommand)
    .item({ id, checkinReopenedUntil: until ?? $remove() })
    .options({ condition: conditions.present('id') })
    .send();
}

export async function findToken(store: Store, token: string): Promise<LinkToken | undefined> {
  const { Item } = await store.model.linkToken.build(GetItemCommand).key({ token }).options({ consistent: true }).send();
  return Item ? { kind: Item.kind, reviewId: Item.reviewId, used: Item.used === true, ...(Item.usedBy ? { usedBy: Item.usedBy } : {}) } : undefined;
}

/** Stores single-use survey tokens in batches of 25; the library retries what DynamoDB leaves unprocessed. */
export async function saveSingleUseTokens(store: Store, reviewId: string, tokens: string[], now: Date): Promise<void> {
  const mintedAt = now.toISOString();
  for (let start = 0; start < tokens.length; start += 25) {
    const requests = tokens
      .slice(start, start + 25)
      .map((token) =>
        store.model.linkToken
          .build(BatchPutRequest)
          .item({ token, kind: 'survey-once', reviewId, mintedAt, gsi1pk: keys.singleUseLinks(reviewId), gsi1sk: `${mintedAt}#${token}` }),
      );
    await executeBatch({ maxAttempts: 6 }, store.model.table.build(BatchWriteCommand).requests(...requests));
  }
}

/** A review as stored; its pinned questions were checked when their template was saved. */
function toReview(item: FormattedItem<Model['review']>): Review {
  const { id, writeupId, title, startsAt, invitees, anonymous, template, checkinToken, surveyToken, createdAt, checkinReopenedUntil, timeZone } = item;
  const { durationMinutes, invitations, organizer, sequence, cancelledAt, invitedAt, surveyMailedAt } = item;
  return {
    id,
    writeupId,
    title,
    startsAt,
    invitees: invitees ?? [],
    anonymous,
    template: { ...template, questions: template.questions as Question[] },
    checkinToken,
    surveyToken,
    createdAt,
    ...(checkinReopenedUntil ? { checkinReopenedUntil } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(durationMinutes ? { durationMinutes } : {}),
    ...(invitations?.length ? { invitations } : {}),
    ...(organizer ? { organizer } : {}),
    ...(sequence ? { sequence } : {}),
    ...(cancelledAt ? { cancelledAt } : {}),
    ...(invitedAt ? { invitedAt } : {}),
    ...(surveyMailedAt ? { surveyMailedAt } : {}),
  };
}

/** A review's single-use survey links, oldest first, with whether each was used. */
export async function listSingleUseTokens(store: Store, reviewId: string): Promise<Array<{ token: string; mintedAt: string; used: boolean }>> {
  const items = await itemsOf(store, store.model.linkToken, { index: 'gsi1', partition: keys.singleUseLinks(reviewId) });
  return items.map((item) => ({ token: item.token, mintedAt: item.mintedAt ?? '', used: item.used === true }));
}

/**
 * Removes a review and everything of it: its attendance and answers (each
 * taken back on the stream), its links' tokens, then the review itself, last,
 * so a second try after a fault still finds it and removes what is left.
 */
export async function removeReviewItems(store: Store, review: Pick<Review, 'id' | 'checkinToken' | 'surveyToken'>): Promise<void> {
  const partition = keys.reviewPartition(review.id);
  const own = keys.review(review.id);
  await removeAll(
    store,
    (await keysIn(store, partition)).filter((key) => key.sk !== own.sk),
  );
  const once = await listSingleUseTokens(store, review.id);
  await removeAll(store, [review.checkinToken, review.surveyToken, ...once.map((link) => link.token)].map(keys.token));
  await removeAll(store, [own]);
}

/** Notes when the invitation, or the survey links, went out by mail. */
export async function markMailed(store: Store, id: string, what: 'invitedAt' | 'surveyMailedAt', at: string): Promise<void> {
  await store.model.review
    .build(UpdateItemCommand)
    .item({ id, [what]: at } as never)
    .options({ condition: conditions.present('id') })
    .send();
}
