import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** Named condition expressions shared by the entity modules. */
export const itemIsNew = 'attribute_not_exists(pk)';
export const itemExists = 'attribute_exists(pk)';

export function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}
