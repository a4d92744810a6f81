import { BatchWriteCommand, QueryCommand as QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { FormattedItem } from 'dynamodb-toolbox';
import { type Query, QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Store } from './client';
import type { Model } from './model';

type PlaceItemType = Model['readPlaces'][keyof Model['readPlaces']][keyof Model['readPlaces']['confluence']];
type ItemType = Model[Exclude<keyof Model, 'table' | 'readPlaces'>] | PlaceItemType;

/**
 * Every item of one type in a partition of the table or of its index, all
 * pages, each read by its type (a write-up's links, a review's attendees):
 * for the lists that stay small enough to hold at once.
 */
export async function itemsOf<E extends ItemType>(
  store: Store,
  entity: E,
  query: Query<Model['table']>,
  options: { consistent?: boolean } = {},
): Promise<FormattedItem<E>[]> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(entity)
    .query(query)
    .options({ maxPages: Infinity, entityAttrFilter: false, ...options })
    .send();
  return Items;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

/** The keys of every item in a partition (or those whose sort key begins so), all pages: for removing them. */
export async function keysIn(store: Store, pk: string, beginsWith?: string): Promise<ItemKey[]> {
  const found: ItemKey[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommandInput({
        TableName: store.table,
        KeyConditionExpression: beginsWith ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk', ...(beginsWith ? { '#sk': 'sk' } : {}) },
        ExpressionAttributeValues: { ':pk': pk, ...(beginsWith ? { ':sk': beginsWith } : {}) },
        ProjectionExpression: '#pk, sk',
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) found.push({ pk: String(item.pk), sk: String(item.sk) });
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/**
 * Removes items by key, 25 a request, sending again what DynamoDB leaves
 * unprocessed (after a pause): each removal is its own, so a fault part-way
 * leaves the rest for a second try, which removes only what is left.
 */
export async function removeAll(store: Store, items: ItemKey[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
      const { UnprocessedItems } = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: requests } }));
      requests = (UnprocessedItems?.[store.table] ?? []) as typeof requests;
      if (attempt > 8 && requests.length > 0) throw new Error(`${requests.length} items could not be removed; try again`);
    }
  }
}
