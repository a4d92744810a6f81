import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Store } from './client';
import { itemsOf, keysIn, removeAll } from './lists';
import { conditions, keys, type Model } from './model';
import { READ_PLACE_IDS, READ_PLACES, type ReadPlace } from '../domain/read-places';

// Reads counted by the places write-ups live (Confluence, Google Workspace, Microsoft 365), kept apart from tracked reads.

export type PlatformDay = Pick<FormattedItem<Model['readPlaces']['confluence']['day']>, 'day' | 'views' | 'viewers'>;

export async function importState(store: Store, place: ReadPlace, writeupId: string): Promise<{ pageId: string; lastDay: string } | undefined> {
  const { Item } = await store.model.readPlaces[place].state.build(GetItemCommand).key({ writeupId }).options({ consistent: true }).send();
  return Item && { pageId: Item.pageId, lastDay: Item.lastDay };
}

/**
 * Stores imported days and how far the import got, all or nothing, and only
 * if the state is still the one the import started from. A day already there
 * is left as it was (`settled`), or, among the days the place may still be
 * filling in (`reread`), replaced by what it says now: set, never added to,
 * so no day is ever counted twice.
 */
export async function saveImportedDays(
  store: Store,
  place: ReadPlace,
  writeupId: string,
  pageId: string,
  days: PlatformDay[],
  previousLastDay: string | undefined,
  now: Date,
  reread: ReadonlySet<string> = new Set(),
): Promise<'saved' | 'raced'> {
  if (days.length === 0) return 'saved';
  const entities = store.model.readPlaces[place];
  const lastDay = [previousLastDay ?? '', ...days.map((d) => d.day)].sort().at(-1)!;
  try {
    await execute(
      ...days.map((d) =>
        entities.day
          .build(PutTransaction)
          .item({ writeupId, day: d.day, pageId, views: d.views, viewers: d.viewers })
          .options(reread.has(d.day) ? {} : { condition: conditions.absent('day') }),
      ),
      entities.state
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

/** A write-up's days at one place, or at every place (keyed by place) when none is named. */
export async function platformDays(store: Store, place: ReadPlace, writeupId: string, from: string, to: string): Promise<PlatformDay[]> {
  const key = READ_PLACES[place].key;
  const range = { between: [`${key}#${from}`, `${key}#${to}`] as [string, string] };
  const items = await itemsOf(store, store.model.readPlaces[place].day, { partition: keys.platform(writeupId), range });
  return items.map(({ day, views, viewers }) => ({ day, views, viewers }));
}

/** A write-up's days at each place, over a range: the places with none are left out. */
export async function placesDays(store: Store, writeupId: string, from: string, to: string): Promise<Partial<Record<ReadPlace, PlatformDay[]>>> {
  const found = await Promise.all(READ_PLACE_IDS.map(async (place) => [place, await platformDays(store, place, writeupId, from, to)] as const));
  return Object.fromEntries(found.filter(([, days]) => days.length > 0));
}

/** A problem with a whole place (analytics not available, a credential refused), said once and kept until it is solved. */
export async function siteProblem(store: Store, place: ReadPlace): Promise<{ problem: string; at: string } | undefined> {
  const { Item } = await store.model.readPlaces[place].site.build(GetItemCommand).key({ site: place }).send();
  return Item && { problem: Item.problem, at: Item.at };
}

export async function setSiteProblem(store: Store, place: ReadPlace, problem: string | undefined, now: Date): Promise<void> {
  const site = store.model.readPlaces[place].site;
  if (problem) await site.build(PutItemCommand).item({ site: place, problem, at: now.toISOString() }).send();
  else await site.build(DeleteItemCommand).key({ site: place }).send();
}

/** Where an address at a place leads (a Confluence tiny link's page, a SharePoint URL's item), if the place was asked before. */
export async function knownAddress(store: Store, place: ReadPlace, code: string): Promise<string | undefined> {
  const { Item } = await store.model.readPlaces[place].address.build(GetItemCommand).key({ code }).send();
  return Item?.pageId;
}

/** Remembers where an address leads: a document's id there does not change, so the place is asked once. */
export async function rememberAddress(store: Store, place: ReadPlace, code: string, pageId: string, now: Date): Promise<void> {
  await store.model.readPlaces[place].address.build(PutItemCommand).item({ code, pageId, at: now.toISOString() }).send();
}

/** Removes what places counted of a write-up, and how far their imports got. */
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
