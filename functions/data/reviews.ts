import { BatchWriteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Review } from '../domain/review';
import type { Store } from './client';
import { itemIsNew } from './conditions';
import { queryAll } from './query';

/** Review: `REVIEW#{id}` / `REVIEW`; a write-up's reviews through gsi1 `WRITEUP#{id}#REVIEWS` / `{startsAt}#{id}`. */
const reviewKey = (id: string) => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' });
const writeupReviewsKey = (writeupId: string) => `WRITEUP#${writeupId}#REVIEWS`;
/** Link token: `TOKEN#{token}` / `TOKEN`, naming its review and kind; single-use ones get `used`. */
export const tokenKey = (token: string) => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' });

export type TokenKind = 'checkin' | 'survey' | 'survey-once';

export interface LinkToken {
  kind: TokenKind;
  reviewId: string;
  used: boolean;
  /** A single-use link, once spent: a hash of the submission id that spent it. */
  usedBy?: string;
}

/** The review and its two shared links, all or nothing. */
export async function createReview(store: Store, review: Review): Promise<void> {
  await store.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: store.table,
            Item: { ...reviewKey(review.id), gsi1pk: writeupReviewsKey(review.writeupId), gsi1sk: `${review.startsAt}#${review.id}`, ...review },
            ConditionExpression: itemIsNew,
          },
        },
        { Put: { TableName: store.table, Item: { ...tokenKey(review.checkinToken), kind: 'checkin', reviewId: review.id }, ConditionExpression: itemIsNew } },
        { Put: { TableName: store.table, Item: { ...tokenKey(review.surveyToken), kind: 'survey', reviewId: review.id }, ConditionExpression: itemIsNew } },
      ],
    }),
  );
}

export async function getReview(store: Store, id: string): Promise<Review | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: reviewKey(id) }));
  return Item ? toReview(Item) : undefined;
}

/** Every review of a write-up, by start time. A write-up has a handful. */
export async function listReviews(store: Store, writeupId: string): Promise<Review[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :reviews',
    ExpressionAttributeValues: { ':reviews': writeupReviewsKey(writeupId) },
  });
  return items.map(toReview);
}

export async function findToken(store: Store, token: string): Promise<LinkToken | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: tokenKey(token), ConsistentRead: true }));
  return Item
    ? { kind: Item.kind as TokenKind, reviewId: String(Item.reviewId), used: Item.used === true, ...(Item.usedBy ? { usedBy: String(Item.usedBy) } : {}) }
    : undefined;
}

/** Stores single-use survey tokens in batches of 25, retrying what DynamoDB leaves unprocessed. */
export async function saveSingleUseTokens(store: Store, reviewId: string, tokens: string[]): Promise<void> {
  for (let start = 0; start < tokens.length; start += 25) {
    let requests = tokens
      .slice(start, start + 25)
      .map((token) => ({ PutRequest: { Item: { ...tokenKey(token), kind: 'survey-once', reviewId } } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      if (attempt > 5) throw Object.assign(new Error('tokens left unprocessed'), { name: 'ProvisionedThroughputExceededException' });
      const { UnprocessedItems } = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: requests } }));
      requests = (UnprocessedItems?.[store.table] ?? []) as typeof requests;
    }
  }
}

function toReview(item: Record<string, unknown>): Review {
  const { id, writeupId, title, startsAt, invitees, anonymous, template, checkinToken, surveyToken, createdAt } = item as unknown as Review;
  return { id, writeupId, title, startsAt, invitees: invitees ?? [], anonymous, template, checkinToken, surveyToken, createdAt };
}
