import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { linkId, type Link, type LinkKind, type LinkVia } from '../domain/links';

export type { Link };
import type { Store } from './client';
import { isConditionFailure, itemIsNew } from './conditions';
import { queryAll } from './query';

/**
 * Link: `WRITEUP#{id}` / `LINK#{hash of its URL}`, one per place that points at
 * the write-up. `clicks` counts go-link clicks from it, `views` the reads it referred.
 */
const linkKey = (writeupId: string, id: string) => ({ pk: `WRITEUP#${writeupId}`, sk: `LINK#${id}` });


export interface LinkPlace {
  url: string | null;
  kind: LinkKind;
  via: LinkVia;
}

/** Registers a place once: the first registration wins, later ones find it. */
export async function registerLink(store: Store, writeupId: string, place: LinkPlace, now: Date): Promise<{ link: Link; created: boolean }> {
  const stamp = now.toISOString();
  const link: Link = { ...place, clicks: 0, views: 0, firstSeen: stamp, lastSeen: stamp };
  const Key = linkKey(writeupId, linkId(place.url, place.kind));
  try {
    await store.doc.send(new PutCommand({ TableName: store.table, Item: { ...Key, writeupId, ...link }, ConditionExpression: itemIsNew }));
    return { link, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key, ConsistentRead: true }));
  return { link: Item ? toLink(Item) : link, created: false };
}

/**
 * Counts one click (a go-link) or one referred read on a place, creating the
 * link on first sight. Kind and via stay as first seen.
 */
export async function countOnLink(store: Store, writeupId: string, place: LinkPlace, counter: 'clicks' | 'views', now: Date): Promise<{ created: boolean }> {
  const { Attributes } = await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: linkKey(writeupId, linkId(place.url, place.kind)),
      UpdateExpression:
        'SET #writeupId = :writeupId, #url = if_not_exists(#url, :url), #kind = if_not_exists(#kind, :kind), #via = if_not_exists(#via, :via), ' +
        '#firstSeen = if_not_exists(#firstSeen, :now), #lastSeen = :now, #other = if_not_exists(#other, :zero) ADD #counter :one',
      ExpressionAttributeNames: {
        '#writeupId': 'writeupId',
        '#url': 'url',
        '#kind': 'kind',
        '#via': 'via',
        '#firstSeen': 'firstSeen',
        '#lastSeen': 'lastSeen',
        '#counter': counter,
        '#other': counter === 'clicks' ? 'views' : 'clicks',
      },
      ExpressionAttributeValues: { ':writeupId': writeupId, ':url': place.url, ':kind': place.kind, ':via': place.via, ':now': now.toISOString(), ':zero': 0, ':one': 1 },
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  // A link seen before had a first sighting; UPDATED_OLD returns it.
  return { created: Attributes?.firstSeen === undefined };
}

export async function listLinks(store: Store, writeupId: string): Promise<Link[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :writeup AND begins_with(sk, :link)',
    ExpressionAttributeValues: { ':writeup': `WRITEUP#${writeupId}`, ':link': 'LINK#' },
  });
  return items.map(toLink);
}

function toLink(item: Record<string, unknown>): Link {
  return {
    url: (item.url as string | null | undefined) ?? null,
    kind: item.kind as LinkKind,
    via: item.via as LinkVia,
    clicks: Number(item.clicks ?? 0),
    views: Number(item.views ?? 0),
    firstSeen: String(item.firstSeen),
    lastSeen: String(item.lastSeen),
  };
}
