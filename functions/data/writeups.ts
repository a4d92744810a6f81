import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { isConditionCheckFailed, UpdateItemCommand, $remove, $set } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { linkId, normalizeLinkUrl } from '../domain/links';
import type { NewWriteup, Writeup, WriteupPatch } from '../domain/writeup';
import type { IncidentPlatform, WriteupSource } from '../domain/incident-platforms';
import type { Store } from './client';
import { itemsOf } from './lists';
import { conditions, keys, type Model } from './model';

// The page a URL is on: a comment's anchor on a write-up's page still names the write-up.
const urlHash = (url: string) => linkId(normalizeLinkUrl(url, 'page') ?? url, 'writeup');

/**
 * A new write-up and the record of its URL, both or neither; `exists` when the
 * id is taken, or (with a `source`) when another write-up is that post-mortem already.
 */
export async function createWriteup(store: Store, input: NewWriteup, now: Date, source?: WriteupSource): Promise<Writeup | 'exists'> {
  const created = await createWriteups(store, [source ? { ...input, source } : input], now);
  return created === 'exists' ? 'exists' : created[0]!;
}

/** Several new write-ups and their URLs (at most 100 items) in one transaction: all or none; `exists` when an id is taken. */
export async function createWriteups(store: Store, inputs: Array<NewWriteup & { source?: WriteupSource }>, now: Date): Promise<Writeup[] | 'exists'> {
  const { writeup, writeupUrl, writeupSource } = store.model;
  const stamp = now.toISOString();
  const created: Writeup[] = inputs.map((input) => ({ ...input, tags: input.tags ?? [], copies: input.copies ?? [], createdAt: stamp, updatedAt: stamp }));
  try {
    await execute(
      ...created.flatMap((item) => [
        writeup
          .build(PutTransaction)
          .item(item)
          .options({ condition: conditions.absent('id') }),
        // Its URL and each copy's: a link from any of them is a link from the write-up.
        ...[item.url, ...item.copies].map((url) => writeupUrl.build(PutTransaction).item({ urlHash: urlHash(url), writeupId: item.id })),
        // A post-mortem is one write-up: a second delivery racing this one finds it taken.
        ...(item.source
          ? [
              writeupSource
                .build(PutTransaction)
                .item({ platform: item.source.platform, sourceId: item.source.id, writeupId: item.id })
                .options({ condition: conditions.absent('writeupId') }),
            ]
          : []),
      ]),
    );
  } catch (error) {
    if (isTransactionCancelled(error) && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'exists';
    throw error;
  }
  for (const item of created) {
    existence.remember(store, item.id, true);
    for (const url of [item.url, ...item.copies]) addresses.remember(store, urlHash(url), item.id);
  }
  return created;
}

export async function getWriteup(store: Store, id: string): Promise<Writeup | undefined> {
  const { Item } = await store.model.writeup.build(GetItemCommand).key({ id }).send();
  return Item && toWriteup(Item);
}

export interface WriteupPage {
  writeups: Writeup[];
  /** Pass back as `after` for the next page. */
  next?: string;
}

/** A page of write-ups in id order. */
export async function listWriteups(store: Store, options: { limit: number; after?: string }): Promise<WriteupPage> {
  const { Items = [], LastEvaluatedKey } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.writeup)
    .query({ index: 'gsi1', partition: keys.writeupList })
    .options({
      limit: options.limit,
      entityAttrFilter: false,
      ...(options.after ? { exclusiveStartKey: { ...keys.writeup(options.after), gsi1pk: keys.writeupList, gsi1sk: options.after } } : {}),
    })
    .send();
  const writeups = Items.map(toWriteup);
  return LastEvaluatedKey ? { writeups, next: writeups.at(-1)?.id } : { writeups };
}

/** Every write-up, for the organization report and exports. */
export async function listAllWriteups(store: Store): Promise<Writeup[]> {
  return (await itemsOf(store, store.model.writeup, { index: 'gsi1', partition: keys.writeupList })).map(toWriteup);
}

/** The write-up a post-mortem on a platform already is, if any. */
export async function writeupOfSource(store: Store, platform: IncidentPlatform, sourceId: string): Promise<string | undefined> {
  const { Item } = await store.model.writeupSource.build(GetItemCommand).key({ platform, sourceId }).send();
  return Item?.writeupId;
}

/**
 * Marks a write-up as a post-mortem on a platform (one made by hand found to be
 * it): `taken` when another write-up is that post-mortem already, `missing` when
 * the write-up is gone.
 */
export async function setWriteupSource(store: Store, id: string, source: WriteupSource): Promise<'set' | 'taken' | 'missing'> {
  const { writeup, writeupSource } = store.model;
  try {
    await execute(
      writeup
        .build(UpdateTransaction)
        // The whole map: a partial update of a map the item does not have yet is refused.
        .item({ id, source: $set(source) })
        .options({ condition: conditions.present('id') }),
      writeupSource
        .build(PutTransaction)
        .item({ platform: source.platform, sourceId: source.id, writeupId: id })
        .options({ condition: { or: [conditions.absent('writeupId'), { attr: 'writeupId', eq: id }] } }),
    );
    return 'set';
  } catch (error) {
    if (!isTransactionCancelled(error)) throw error;
    return error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed' ? 'missing' : 'taken';
  }
}

/** Changes only the named fields, so two concurrent edits of different fields both stay; `null` clears one. `source` keeps what the platform said last. */
export async function updateWriteup(
  store: Store,
  id: string,
  patch: WriteupPatch,
  now: Date,
  options: { source?: WriteupSource } = {},
): Promise<Writeup | undefined> {
  const changes: Record<string, unknown> = { updatedAt: now.toISOString(), ...(options.source ? { source: $set(options.source) } : {}) };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    // Tags and copies are lists that are always present; clearing one leaves it empty.
    changes[field] = value === null ? (field === 'tags' || field === 'copies' ? [] : $remove()) : value;
  }
  const before = patch.url || patch.copies !== undefined ? await getWriteup(store, id) : undefined;
  try {
    const { Attributes } = await store.model.writeup
      .build(UpdateItemCommand)
      .item({ id, ...changes } as never)
      .options({ condition: conditions.present('id'), returnValues: 'ALL_NEW' })
      .send();
    if (Attributes && before) {
      const was = [before.url, ...before.copies];
      const now = [Attributes.url, ...((Attributes.copies as string[] | undefined) ?? [])];
      for (const url of now.filter((u) => !was.includes(u))) {
        await store.model.writeupUrl
          .build(PutItemCommand)
          .item({ urlHash: urlHash(url), writeupId: id })
          .send();
        addresses.remember(store, urlHash(url), id);
      }
      for (const url of was.filter((u) => !now.includes(u))) await forgetUrl(store, id, url);
    }
    return Attributes && toWriteup(Attributes);
  } catch (error) {
    if (isConditionCheckFailed(error)) return undefined;
    throw error;
  }
}

/** A URL the write-up no longer lives at stops pointing to it, unless another write-up has taken it since. */
async function forgetUrl(store: Store, id: string, from: string) {
  const { writeupUrl } = store.model;
  try {
    await writeupUrl
      .build(DeleteItemCommand)
      .key({ urlHash: urlHash(from) })
      .options({ condition: { attr: 'writeupId', eq: id } })
      .send();
    addresses.remember(store, urlHash(from), '');
  } catch (error) {
    // Another write-up has taken that URL since: it keeps it.
    if (!isConditionCheckFailed(error)) throw error;
  }
}

/** The write-up whose page is at this URL, if the product tracks one. */
export async function findWriteupByUrl(store: Store, url: string): Promise<string | undefined> {
  const { Item } = await store.model.writeupUrl
    .build(GetItemCommand)
    .key({ urlHash: urlHash(url) })
    .send();
  return Item?.writeupId;
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
  const { Item } = await store.model.writeup
    .build(GetItemCommand)
    .key({ id })
    .options({ attributes: ['id'] })
    .send();
  existence.remember(store, id, Boolean(Item), now);
  return Boolean(Item);
}

/**
 * The write-up at a page's URL, for the beacon path (a page without
 * `data-writeup`): one indexed read, remembered as `writeupExists` remembers.
 */
export async function writeupAtUrl(store: Store, url: string, now = Date.now()): Promise<string | undefined> {
  const key = urlHash(url);
  const known = addresses.recall(store, key, now);
  if (known !== undefined) return known || undefined;
  const id = await findWriteupByUrl(store, url);
  addresses.remember(store, key, id ?? '', now);
  return id;
}

/** Answers remembered a minute when found (truthy), a few seconds when not, per table. */
function recentAnswers<T>() {
  const KNOWN_MS = 60_000;
  const UNKNOWN_MS = 5_000;
  const MAX_ENTRIES = 10_000;
  const entries = new Map<string, { answer: T; until: number }>();
  const cacheKey = (store: Store, key: string) => `${store.table}\n${key}`;
  return {
    recall(store: Store, key: string, now: number): T | undefined {
      const entry = entries.get(cacheKey(store, key));
      return entry && entry.until > now ? entry.answer : undefined;
    },
    remember(store: Store, key: string, answer: T, now = Date.now()) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(cacheKey(store, key), { answer, until: now + (answer ? KNOWN_MS : UNKNOWN_MS) });
    },
  };
}

const existence = recentAnswers<boolean>();
/** Write-up ids by URL hash; '' for none. */
const addresses = recentAnswers<string>();

function toWriteup(item: FormattedItem<Model['writeup']>): Writeup {
  const { id, title, url, copies, incidentDate, publishedAt, tags, createdAt, updatedAt, archivedAt, source } = item;
  return {
    id,
    title,
    url,
    copies: copies ?? [],
    incidentDate,
    publishedAt,
    tags: tags ?? [],
    createdAt,
    updatedAt,
    ...(archivedAt ? { archivedAt } : {}),
    ...(source ? { source: source as WriteupSource } : {}),
  };
}

/** Archives a write-up (`at`) or restores it (`undefined`); the write-up as it is now, undefined when there is none. */
export async function setArchived(store: Store, id: string, at: string | undefined): Promise<Writeup | undefined> {
  try {
    const { Attributes } = await store.model.writeup
      .build(UpdateItemCommand)
      .item({ id, archivedAt: at ?? $remove() })
      .options({ condition: conditions.present('id'), returnValues: 'ALL_NEW' })
      .send();
    return Attributes && toWriteup(Attributes as FormattedItem<Model['writeup']>);
  } catch (error) {
    if (isConditionCheckFailed(error)) return undefined;
    throw error;
  }
}

/** Removes the write-up itself and the records of its addresses (the last step of deleting it: the stream takes its count back). */
export async function removeWriteupItem(store: Store, writeup: Writeup): Promise<void> {
  for (const url of [writeup.url, ...writeup.copies]) await forgetUrl(store, writeup.id, url);
  if (writeup.source)
    await store.model.writeupSource
      .build(DeleteItemCommand)
      .key({ platform: writeup.source.platform, sourceId: writeup.source.id })
      .options({ condition: { attr: 'writeupId', eq: writeup.id } })
      .send()
      .catch((error) => {
        if (!isConditionCheckFailed(error)) throw error;
      });
  await store.model.writeup.build(DeleteItemCommand).key({ id: writeup.id }).send();
  existence.remember(store, writeup.id, false);
}
