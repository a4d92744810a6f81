import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Answers } from '../domain/survey';
import type { Store } from './client';
import { itemIsNew } from './conditions';
import type { Counts } from '../domain/org-report';
import { orgDayIncrement } from './org-days';
import { queryAll } from './query';
import { findToken, tokenKey } from './reviews';

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
 * Stores a response and its count for the organization in one transaction, so
 * neither is ever kept without the other. Through a single-use link the same
 * transaction spends the token, noting only a hash of the form's submission id:
 * a retry of that same form (its answer stored, the reply lost) is recognized,
 * and the token keeps no trace of which response spent it.
 */
export async function saveResponse(
  store: Store,
  response: SurveyResponse,
  count: Counts,
  spend?: { token: string; submissionHash: string },
): Promise<'saved' | 'duplicate' | 'used'> {
  const actions = [
    ...(spend
      ? [
          {
            Update: {
              TableName: store.table,
              Key: tokenKey(spend.token),
              UpdateExpression: 'SET #used = :yes, #usedBy = :by',
              ConditionExpression: tokenUnused,
              ExpressionAttributeNames: { '#used': 'used', '#usedBy': 'usedBy' },
              ExpressionAttributeValues: { ':yes': true, ':by': spend.submissionHash },
            },
          },
        ]
      : []),
    { Put: { TableName: store.table, Item: responseItem(response), ConditionExpression: itemIsNew } },
    orgDayIncrement(store, response.submittedAt.slice(0, 10), count),
  ];
  for (let attempt = 0; ; attempt++) {
    try {
      await store.doc.send(new TransactWriteCommand({ TransactItems: actions }));
      return 'saved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      // Several answers at once touch the same day's count: try again, a little later.
      if (reasons.some((r) => r.Code === 'TransactionConflict') && attempt < 8) {
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * 2 ** Math.min(attempt, 4)));
        continue;
      }
      if (spend && reasons[0]?.Code === 'ConditionalCheckFailed') {
        const token = await findToken(store, spend.token);
        return token?.usedBy === spend.submissionHash ? 'duplicate' : 'used';
      }
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return 'duplicate';
      throw error;
    }
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
