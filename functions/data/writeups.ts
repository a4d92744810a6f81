import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { linkId, normalizeLinkUrl } from '../domain/links';
import type { NewWriteup, Writeup, WriteupPatch } from '../domain/writeup';
import type { Store } from './client';
import { isConditionFailure, itemExists, itemIsNew } from './conditions';

/** Write-up: `WRITEUP#{id}` / `WRITEUP`; listed through gsi1 under `WRITEUPS`, sorted by id. */
const writeupKey = (id: string) => ({ pk: `WRITEUP#${id}`, sk: 'WRITEUP' });
const listKey = (id: string) => ({ gsi1pk: 'WRITEUPS', gsi1sk: id });
/** Write-up by URL: `WURL#{hash of its normalized URL}` / `WURL`, so links to a write-up are known as such. */
const urlKey = (url: string) => ({ pk: `WURL#${linkId(normalizeLinkUrl(url) ?? url, 'writeup')}`, sk: 'WURL' });

export async function createWriteup(store: Store, input: NewWriteup, now: Date): Promise<Writeup | 'exists'> {
  const stamp = now.toISOString();
  const writeup: Writeup = { ...input, tags: input.tags ?? [], createdAt: stamp, updatedAt: stamp };
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: store.table, Item: { ...writeupKey(input.id), ...listKey(input.id), ...writeup }, ConditionExpression: itemIsNew } },
          { Put: { TableName: store.table, Item: { ...urlKey(input.url), writeupId: input.id } } },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'exists';
    throw error;
  }
  existence.remember(store, input.id, true);
  return writeup;
}

export async function getWriteup(store: Store, id: string): Promise<Writeup | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: writeupKey(id) }));
  return Item ? toWriteup(Item) : undefined;
}

export interface WriteupPage {
  writeups: Writeup[];
  /** Pass back as `after` for the next page. */
  next?: string;
}

export async function listWriteups(store: Store, options: { limit: number; after?: string }): Promise<WriteupPage> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': 'WRITEUPS' },
      Limit: options.limit,
      ...(options.after ? { ExclusiveStartKey: { ...writeupKey(options.after), ...listKey(options.after) } } : {}),
    }),
  );
  const writeups = Items.map(toWriteup);
  return LastEvaluatedKey ? { writeups, next: writeups.at(-1)?.id } : { writeups };
}

/** Every write-up, for the organization report and exports (one query per thousand write-ups). */
export async function listAllWriteups(store: Store): Promise<{ writeups: Writeup[]; requests: number }> {
  const writeups: Writeup[] = [];
  let after: string | undefined;
  let requests = 0;
  do {
    const page = await listWriteups(store, { limit: 1_000, after });
    requests++;
    writeups.push(...page.writeups);
    after = page.next;
  } while (after);
  return { writeups, requests };
}

/** Changes only the named fields, so two concurrent edits of different fields both stay. */
export async function updateWriteup(store: Store, id: string, patch: WriteupPatch, now: Date): Promise<Writeup | undefined> {
  const sets = ['#updatedAt = :updatedAt'];
  const removes: string[] = [];
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':updatedAt': now.toISOString() };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      // Tags are a list that is always present; clearing it leaves it empty.
      if (field === 'tags') {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = [];
      } else {
        removes.push(`#${field}`);
      }
    } else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  const before = patch.url ? await getWriteup(store, id) : undefined;
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: writeupKey(id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: itemExists,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (Attributes && before && patch.url && before.url !== patch.url) await moveUrl(store, id, before.url, patch.url);
    return Attributes ? toWriteup(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

async function moveUrl(store: Store, id: string, from: string, to: string) {
  await store.doc.send(new PutCommand({ TableName: store.table, Item: { ...urlKey(to), writeupId: id } }));
  try {
    await store.doc.send(
      new DeleteCommand({
        TableName: store.table,
        Key: urlKey(from),
        ConditionExpression: '#writeupId = :id',
        ExpressionAttributeNames: { '#writeupId': 'writeupId' },
        ExpressionAttributeValues: { ':id': id },
      }),
    );
  } catch (error) {
    // Another write-up has taken that URL since: it keeps it.
    if (!isConditionFailure(error)) throw error;
  }
}

/** The write-up whose page is at this URL, if the product tracks one. */
export async function findWriteupByUrl(store: Store, url: string): Promise<string | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: urlKey(url) }));
  return Item?.writeupId as string | undefined;
}

/**
 * Whether a write-up exists, for the beacon path, where a read per beacon would
 * double the store's work. Known write-ups are remembered for a minute, unknown
 * ones for a few seconds, so a newly created write-up counts almost at once
 * even in another process.
 */
export async function writeupExists(store: Store, id: string, now = Date.now()): Promise<boolean> {
  const known = existence.recall(store, id, now);
  if (known !== undefined) return known;
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: writeupKey(id), ProjectionExpression: 'pk' }),
  );
  existence.remember(store, id, Boolean(Item), now);
  return Boolean(Item);
}

const existence = (() => {
  const KNOWN_MS = 60_000;
  const UNKNOWN_MS = 5_000;
  const MAX_ENTRIES = 10_000;
  const entries = new Map<string, { exists: boolean; until: number }>();
  const cacheKey = (store: Store, id: string) => `${store.table}\n${id}`;
  return {
    recall(store: Store, id: string, now: number): boolean | undefined {
      const entry = entries.get(cacheKey(store, id));
      return entry && entry.until > now ? entry.exists : undefined;
    },
    remember(store: Store, id: string, exists: boolean, now = Date.now()) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(cacheKey(store, id), { exists, until: now + (exists ? KNOWN_MS : UNKNOWN_MS) });
    },
  };
})();

function toWriteup(item: Record<string, unknown>): Writeup {
  const { id, title, url, incidentDate, publishedAt, tags, createdAt, updatedAt } = item as unknown as Writeup;
  return { id, title, url, incidentDate, publishedAt, tags: tags ?? [], createdAt, updatedAt };
}
