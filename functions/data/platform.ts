import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Store } from './client';
import { itemsOf, keysIn, removeAll } from './lists';
import { conditions, keys, type Model } from './model';

// Reads counted by the platforms write-ups live on (Confluence), kept apart from tracked reads.

export type PlatformDay = Pick<FormattedItem<Model['platformDay']>, 'day' | 'views' | 'viewers'>;

export async function importState(store: Store, writeupId: string): Promise<{ pageId: string; lastDay: string } | undefined> {
  const { Item } = await store.model.platformState.build(GetItemCommand).key({ writeupId }).options({ consistent: true }).send();
  return Item && { pageId: Item.pageId, lastDay: Item.lastDay };
}

/**
 * Stores imported days and how far the import got, all or nothing: each day
 * is written only if absent and the state only if it is still the one the
 * import started from, so no day is ever counted twice.
 */
export async function saveImportedDays(
  store: Store,
  writeupId: string,
  pageId: string,
  days: PlatformDay[],
  previousLastDay: string | undefined,
  now: Date,
): Promise<'saved' | 'raced'> {
  if (days.length === 0) return 'saved';
  const lastDay = days.at(-1)!.day;
  try {
    await execute(
      ...days.map((d) =>
        store.model.platformDay
          .build(PutTransaction)
          .item({ writeupId, day: d.day, pageId, views: d.views, viewers: d.viewers })
          .options({ condition: conditions.absent('day') }),
      ),
      store.model.platformState
        .build(PutTransaction)
        .item({ writeupId, pageId, lastDay, updatedAt: now.toISOString() })
        .options({ condition: previousLastDay ? { attr: 'lastDay', eq: previousLastDay } : conditions.absent('writeupId') }),
    );
    return 'saved';
  } catch (error) {
    if (isTransactionCancelled(error)) return 'raced';
    throw error;
  }
}

export async function platformDays(store: Store, writeupId: string, from: string, to: string): Promise<PlatformDay[]> {
  const range = { between: [`CONFLUENCE#${from}`, `CONFLUENCE#${to}`] as [string, string] };
  const items = await itemsOf(store, store.model.platformDay, { partition: keys.platform(writeupId), range });
  return items.map(({ day, views, viewers }) => ({ day, views, viewers }));
}

/** A problem with the whole site (analytics not available there), said once and kept until it is solved. */
export async function siteProblem(store: Store): Promise<{ problem: string; at: string } | undefined> {
  const { Item } = await store.model.platformSite.build(GetItemCommand).key({ site: 'confluence' }).send();
  return Item && { problem: Item.problem, at: Item.at };
}

export async function setSiteProblem(store: Store, problem: string | undefined, now: Date): Promise<void> {
  if (problem) await store.model.platformSite.build(PutItemCommand).item({ site: 'confluence', problem, at: now.toISOString() }).send();
  else await store.model.platformSite.build(DeleteItemCommand).key({ site: 'confluence' }).send();
}

/** The page a Confluence tiny link goes to, if the site was asked before. */
export async function tinyLinkPage(store: Store, code: string): Promise<string | undefined> {
  const { Item } = await store.model.platformTinyLink.build(GetItemCommand).key({ code }).send();
  return Item?.pageId;
}

/** Remembers where a tiny link goes: a page's id does not change, so the site is asked once. */
export async function rememberTinyLink(store: Store, code: string, pageId: string, now: Date): Promise<void> {
  await store.model.platformTinyLink.build(PutItemCommand).item({ code, pageId, at: now.toISOString() }).send();
}

/** Removes what platforms counted of a write-up, and how far their imports got. */
export async function removePlatformDays(store: Store, writeupId: string): Promise<void> {
  await removeAll(store, await keysIn(store, keys.platform(writeupId)));
}

/** Where an incident platform's import stopped, and when its last complete run began. */
export type PlatformImport = FormattedItem<Model['platformImport']>;

export async function importOf(store: Store, platform: string): Promise<PlatformImport | undefined> {
  const { Item } = await store.model.platformImport.build(GetItemCommand).key({ platform }).options({ consistent: true }).send();
  return Item;
}

/** Saves where an import is: written whole, so a field left out (the cursor, once it is done) is cleared. */
export async function saveImport(store: Store, state: PlatformImport): Promise<void> {
  const item = Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined)) as PlatformImport;
  await store.model.platformImport.build(PutItemCommand).item(item).send();
}
