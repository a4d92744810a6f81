import type { FormattedItem } from 'dynamodb-toolbox';
import { type Query, QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Store } from './client';
import type { Model } from './model';

type ItemType = Model[Exclude<keyof Model, 'table'>];

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
