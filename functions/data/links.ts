import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $add, $get, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { linkId, MAX_NEW_PLACES_A_DAY, normalizeLinkUrl, overflowLinkId, type Link } from '../domain/links';
import type { Store } from './client';
import { itemsOf, keysIn, removeAll } from './lists';
import { conditions, keys, type Model } from './model';

export type { Link };

/** Where a link points from, and what kind of place that is. */
export type LinkPlace = Pick<Link, 'url' | 'kind' | 'via'>;

const keyOf = (writeupId: string, place: Pick<LinkPlace, 'url' | 'kind'>) => ({ writeupId, linkId: linkId(place.url, place.kind) });

/** Registers a place once: the first registration wins, later ones find it. */
export async function registerLink(store: Store, writeupId: string, place: LinkPlace, now: Date): Promise<{ link: Link; created: boolean }> {
  const stamp = now.toISOString();
  const link: Link = { ...place, clicks: 0, views: 0, firstSeen: stamp, lastSeen: stamp };
  const key = keyOf(writeupId, place);
  try {
    await store.model.link
      .build(PutItemCommand)
      .item({ ...key, ...link })
      .options({ condition: conditions.absent('linkId') })
      .send();
    return { link, created: true };
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
  const { Item } = await store.model.link.build(GetItemCommand).key(key).options({ consistent: true }).send();
  return { link: Item ? toLink(Item) : link, created: false };
}

/**
 * A go-link click, counted on the place it came from. A place seen before
 * counts in one write; a new one first takes one of the day's places for new
 * places from public routes, and past the day's limit counts on the overflow place.
 */
export async function countClick(store: Store, writeupId: string, place: LinkPlace, now: Date): Promise<void> {
  const stamp = now.toISOString();
  try {
    await store.model.link
      .build(UpdateItemCommand)
      .item({ ...keyOf(writeupId, place), lastSeen: stamp, clicks: $add(1) })
      .options({ condition: conditions.present('linkId') })
      .send();
    return;
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
  const placed = place.url === null || (await claimNewPlace(store, writeupId, stamp.slice(0, 10), now));
  await store.model.link
    .build(UpdateItemCommand)
    .item({
      ...(placed ? keyOf(writeupId, place) : { writeupId, linkId: overflowLinkId(place.via) }),
      url: $get('url', placed ? place.url : null),
      kind: $get('kind', placed ? place.kind : 'other'),
      via: $get('via', place.via),
      ...(placed ? {} : { overflow: true }),
      firstSeen: $get('firstSeen', stamp),
      lastSeen: stamp,
      clicks: $add(1),
    })
    .send();
}

/**
 * Takes one of a write-up's places for the day, for a new place a public route
 * or a webhook found; false past the day's limit. (A place whose creation then
 * fails keeps its slot: the limit can only come early, never late.)
 */
export async function claimNewPlace(store: Store, writeupId: string, day: string, now: Date): Promise<boolean> {
  return (await claimNewPlaces(store, writeupId, day, 1, now)) === 1;
}

/**
 * Takes up to `wanted` of a write-up's new places for the day in one write
 * (a few more near the limit), and says how many it got: none past the limit.
 */
export async function claimNewPlaces(store: Store, writeupId: string, day: string, wanted: number, now: Date): Promise<number> {
  let want = Math.min(wanted, MAX_NEW_PLACES_A_DAY);
  while (want > 0) {
    try {
      await store.model.newPlaces
        .build(UpdateItemCommand)
        .item({ writeupId, day, count: $add(want), expiresAt: Math.floor(now.getTime() / 1000) + 3 * 86_400 })
        .options({
          condition: {
            or: [
              { attr: 'count', exists: false },
              { attr: 'count', lte: MAX_NEW_PLACES_A_DAY - want },
            ],
          },
          returnValuesOnConditionFalse: 'ALL_OLD',
        })
        .send();
      return want;
    } catch (error) {
      if (!isConditionCheckFailed(error)) throw error;
      // Fewer left than wanted: take what the count as it stood leaves (each try asks for fewer, so this ends).
      const taken = Number((error.Item ? unmarshall(error.Item as Parameters<typeof unmarshall>[0]) : {}).count ?? 0);
      want = Math.min(want - 1, MAX_NEW_PLACES_A_DAY - taken);
    }
  }
  return 0;
}

/**
 * The places among these a write-up already knows (by URL), with their kind and
 * how they were found, in one read of each: GetItem, which the counts' and
 * hooks' roles allow (BatchGetItem they may not), for at most 50 places.
 */
export async function knownPlaces(store: Store, writeupId: string, urls: string[]): Promise<Map<string, Pick<Link, 'kind' | 'via'>>> {
  const found = await Promise.all(
    urls.map(async (url) => {
      const { Item } = await store.model.link
        .build(GetItemCommand)
        .key(keyOf(writeupId, { url, kind: 'other' }))
        .options({ attributes: ['kind', 'via'] })
        .send();
      return Item ? ([url, { kind: Item.kind, via: Item.via }] as const) : undefined;
    }),
  );
  return new Map(found.filter((entry) => entry !== undefined));
}

/**
 * Gives a known place another kind, if it still has the kind `from`: its
 * counts by kind move with it (the stream sees the change).
 */
export async function correctLinkKind(store: Store, writeupId: string, url: string, from: Link['kind'], to: Link['kind']): Promise<boolean> {
  try {
    await store.model.link
      .build(UpdateItemCommand)
      .item({ ...keyOf(writeupId, { url, kind: to }), kind: to })
      .options({ condition: { and: [conditions.present('linkId'), { attr: 'kind', eq: from }] } })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

export async function listLinks(store: Store, writeupId: string): Promise<Link[]> {
  return (await itemsOf(store, store.model.link, { partition: keys.linksPartition(writeupId), range: { beginsWith: keys.linkPrefix } })).map(toLink);
}

function toLink(item: FormattedItem<Model['link']>): Link {
  return {
    url: item.url ?? null,
    kind: item.kind,
    via: item.via,
    ...(item.overflow ? { overflow: true } : {}),
    clicks: item.clicks ?? 0,
    views: item.views ?? 0,
    firstSeen: item.firstSeen,
    lastSeen: item.lastSeen,
  };
}

/**
 * Removes a place (its clicks and referred views with it), as given or as the
 * product writes addresses; the link removed, or undefined when there was none.
 * The stream takes its count back.
 */
export async function removeLink(store: Store, writeupId: string, url: string): Promise<Link | undefined> {
  for (const form of new Set([url, normalizeLinkUrl(url) ?? url])) {
    const { Attributes } = await store.model.link
      .build(DeleteItemCommand)
      .key(keyOf(writeupId, { url: form, kind: 'other' }))
      .options({ returnValues: 'ALL_OLD' })
      .send();
    if (Attributes) return toLink(Attributes);
  }
  return undefined;
}

/** Removes every place of a write-up (each taken back on the stream), then its days' new places and readers' clicks. */
export async function removeAllLinks(store: Store, writeupId: string): Promise<number> {
  const partition = keys.linksPartition(writeupId);
  const links = await keysIn(store, partition, keys.linkPrefix);
  await removeAll(store, links);
  await removeAll(store, await keysIn(store, partition));
  return links.length;
}
