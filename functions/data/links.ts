import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $add, $get, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { linkId, type Link, type LinkKind, type LinkVia } from '../domain/links';
import type { Store } from './client';
import { conditions, keys } from './model';

export type { Link };

export interface LinkPlace {
  url: string | null;
  kind: LinkKind;
  via: LinkVia;
}

const keyOf = (writeupId: string, place: Pick<LinkPlace, 'url' | 'kind'>) => ({ writeupId, linkId: linkId(place.url, place.kind) });

/** Registers a place once: the first registration wins, later ones find it. */
export async function registerLink(store: Store, writeupId: string, place: LinkPlace, now: Date): Promise<{ link: Link; created: boolean }> {
  const stamp = now.toISOString();
  const link: Link = { ...place, clicks: 0, views: 0, firstSeen: stamp, lastSeen: stamp };
  const key = keyOf(writeupId, place);
  try {
    await store.model.link.build(PutItemCommand).item({ ...key, ...link }).options({ condition: conditions.absent('linkId') }).send();
    return { link, created: true };
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
  const { Item } = await store.model.link.build(GetItemCommand).key(key).options({ consistent: true }).send();
  return { link: Item ? toLink(Item) : link, created: false };
}

/**
 * A go-link click, counted on the place it came from in the one write that
 * also creates the place on first sight (kind and via stay as first seen).
 */
export async function countClick(store: Store, writeupId: string, place: LinkPlace, now: Date): Promise<void> {
  const stamp = now.toISOString();
  await store.model.link
    .build(UpdateItemCommand)
    .item({
      ...keyOf(writeupId, place),
      url: $get('url', place.url),
      kind: $get('kind', place.kind),
      via: $get('via', place.via),
      firstSeen: $get('firstSeen', stamp),
      lastSeen: stamp,
      clicks: $add(1),
    })
    .send();
}

export async function listLinks(store: Store, writeupId: string): Promise<Link[]> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.link)
    .query({ partition: keys.writeupPartition(writeupId), range: { beginsWith: keys.linkPrefix } })
    .options({ maxPages: Infinity, entityAttrFilter: false })
    .send();
  return Items.map(toLink);
}

function toLink(item: { url?: string | null; kind: string; via: string; clicks?: number; views?: number; firstSeen: string; lastSeen: string }): Link {
  return {
    url: item.url ?? null,
    kind: item.kind as LinkKind,
    via: item.via as LinkVia,
    clicks: item.clicks ?? 0,
    views: item.views ?? 0,
    firstSeen: item.firstSeen,
    lastSeen: item.lastSeen,
  };
}
