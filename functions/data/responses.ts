import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Answers } from '../domain/survey';
import type { Store } from './client';
import { isConditionFailure, itemIsNew } from './conditions';
import { queryAll } from './query';
import { tokenKey } from './reviews';

/**
 * Survey response: `REVIEW#{id}` / `RESPONSE#{responseId}`; a write-up's responses
 * through gsi1 `WRITEUP#{id}#RESPONSES` / `{submittedAt}#{responseId}`.
 * It holds the answers, and a name only when the review is not anonymous.
 */
const responseKey = (reviewId: string, responseId: string) => ({ pk: `REVIEW#${reviewId}`, sk: `RESPONSE#${responseId}` });
const writeupResponsesKey = (writeupId: string) => `WRITEUP#${writeupId}#RESPONSES`;

const tokenUnused = 'attribute_exists(pk) AND attribute_not_exists(used)';

export interface SurveyResponse {
  id: string;
  reviewId: string;
  writeupId: string;
  template: { id: string; version: number };
  answers: Answers;
  name?: string;
  submittedAt: string;
}

const responseItem = (response: SurveyResponse) => ({
  ...responseKey(response.reviewId, response.id),
  gsi1pk: writeupResponsesKey(response.writeupId),
  gsi1sk: `${response.submittedAt}#${response.id}`,
  ...response,
});

/**
 * A response through a shared link, keyed by the form's submission id, so a
 * retried submit stores nothing twice.
 */
export async function saveSharedResponse(store: Store, response: SurveyResponse): Promise<'saved' | 'duplicate'> {
  try {
    await store.doc.send(new PutCommand({ TableName: store.table, Item: responseItem(response), ConditionExpression: itemIsNew }));
    return 'saved';
  } catch (error) {
    if (isConditionFailure(error)) return 'duplicate';
    throw error;
  }
}

/**
 * A response through a single-use link: the token is spent and the response
 * stored in one transaction, so of concurrent submits exactly one wins. The
 * token keeps no trace of which response spent it.
 */
export async function saveSingleUseResponse(store: Store, token: string, response: SurveyResponse): Promise<'saved' | 'used'> {
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.table,
              Key: tokenKey(token),
              UpdateExpression: 'SET #used = :yes',
              ConditionExpression: tokenUnused,
              ExpressionAttributeNames: { '#used': 'used' },
              ExpressionAttributeValues: { ':yes': true },
            },
          },
          { Put: { TableName: store.table, Item: responseItem(response), ConditionExpression: itemIsNew } },
        ],
      }),
    );
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
      return 'used';
    }
    throw error;
  }
}

/** A write-up's responses submitted on days `from` to `to`. */
export async function listResponses(store: Store, writeupId: string, from: string, to: string): Promise<SurveyResponse[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :responses AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':responses': writeupResponsesKey(writeupId), ':from': from, ':to': `${to}~` },
  });
  return items.map((item) => {
    const { id, reviewId, writeupId: w, template, answers, name, submittedAt } = item as unknown as SurveyResponse;
    return { id, reviewId, writeupId: w, template, answers, name, submittedAt };
  });
}
