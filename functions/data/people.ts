import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $add, $delete, $get, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry, PersonalToken, Role } from '../domain/people';
import type { Store } from './client';
import { itemsOf } from './lists';
import { conditions, keys, type Model } from './model';

// People, their sessions and personal tokens, the audit trail and sign-ins under way.

// Each item type as the model declares it.
export type PersonItem = FormattedItem<Model['person']>;
export type SessionItem = FormattedItem<Model['session']>;
export type TokenItem = FormattedItem<Model['apiToken']>;
export type SignInItem = FormattedItem<Model['signIn']>;

/** Updates do not fill linked attributes: the list's index keys are set with them. */
const peopleIndex = (email: string) => ({ gsi1pk: keys.peopleList, gsi1sk: email });

export async function getPerson(store: Store, email: string): Promise<PersonItem | undefined> {
  const { Item } = await store.model.person.build(GetItemCommand).key({ email }).options({ consistent: true }).send();
  return Item;
}

export async function listPeople(store: Store): Promise<PersonItem[]> {
  return itemsOf(store, store.model.person, { index: 'gsi1', partition: keys.peopleList });
}

/**
 * A sign-in by the account `(iss, sub)`: the person is created the first time,
 * bound to that account when not bound yet (a person an admin added, or one
 * recorded before sign-ins were bound), and their name, group role and sign-in
 * time kept up to date. Undefined, with nothing written, when the e-mail is
 * bound to another account: the check and the write are one conditional
 * update, so two accounts signing in at once cannot both take it.
 */
export async function recordSignIn(
  store: Store,
  person: { email: string; name: string; groupRole: Role; iss: string; sub: string },
  now: Date,
): Promise<PersonItem | undefined> {
  const at = now.toISOString();
  try {
    const { Attributes } = await store.model.person
      .build(UpdateItemCommand)
      .item({
        email: person.email,
        ...peopleIndex(person.email),
        name: person.name,
        groupRole: person.groupRole,
        lastSignInAt: at,
        createdAt: $get('createdAt', at),
        iss: person.iss,
        sub: person.sub,
      })
      .options({
        condition: {
          or: [
            { attr: 'sub', exists: false },
            {
              and: [
                { attr: 'iss', eq: person.iss },
                { attr: 'sub', eq: person.sub },
              ],
            },
          ],
        },
        returnValues: 'ALL_NEW',
      })
      .send();
    // An update returning ALL_NEW always has the item.
    return Attributes!;
  } catch (error) {
    if (isConditionCheckFailed(error)) return undefined;
    throw error;
  }
}

/** An admin's choice of role; a person not seen yet is created with it, to have it at first sign-in. */
export async function assignRole(store: Store, email: string, role: Role, now: Date): Promise<PersonItem> {
  const at = now.toISOString();
  const { Attributes } = await store.model.person
    .build(UpdateItemCommand)
    .item({
      email,
      ...peopleIndex(email),
      assignedRole: role,
      name: $get('name', email),
      groupRole: $get('groupRole', 'viewer'),
      createdAt: $get('createdAt', at),
    })
    .options({ returnValues: 'ALL_NEW' })
    .send();
  // An update returning ALL_NEW always has the item.
  return Attributes!;
}

export async function putSession(store: Store, session: SessionItem): Promise<void> {
  await store.model.session.build(PutItemCommand).item(session).send();
}

export async function getSession(store: Store, hash: string): Promise<SessionItem | undefined> {
  const { Item } = await store.model.session.build(GetItemCommand).key({ hash }).send();
  return Item;
}

export async function deleteSession(store: Store, hash: string): Promise<void> {
  await store.model.session.build(DeleteItemCommand).key({ hash }).send();
}

/** A holder's sessions (their hashes), for a change of role. */
export async function sessionsOf(store: Store, holder: string): Promise<string[]> {
  return (await itemsOf(store, store.model.session, { index: 'gsi1', partition: keys.sessionsOf(holder) })).map((item) => item.hash);
}

/** Sets a session's role, if the session is still there. */
export async function setSessionRole(store: Store, hash: string, role: Role): Promise<void> {
  try {
    await store.model.session
      .build(UpdateItemCommand)
      .item({ hash, role })
      .options({ condition: conditions.present('hash') })
      .send();
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
}

export async function putToken(store: Store, token: TokenItem): Promise<void> {
  await store.model.apiToken
    .build(PutItemCommand)
    .item(token)
    .options({ condition: conditions.absent('id') })
    .send();
}

/** A token by its id; `consistent` when a change a moment ago must show (counting live tokens). */
export async function getToken(store: Store, id: string, consistent = false): Promise<TokenItem | undefined> {
  const { Item } = await store.model.apiToken.build(GetItemCommand).key({ id }).options({ consistent }).send();
  return Item;
}

/** Removes a token that never reached its maker (the limit refused it). */
export async function deleteToken(store: Store, id: string): Promise<void> {
  await store.model.apiToken.build(DeleteItemCommand).key({ id }).send();
}

/** A page of one owner's tokens, newest first, older than `before` (a token's `{createdAt}#{id}`); `more` when older ones remain. */
export async function tokensOfOwner(store: Store, owner: string, page: { limit: number; before?: string }): Promise<{ items: TokenItem[]; more: boolean }> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.apiToken)
    .query({ index: 'gsi1', partition: keys.apiTokensOf(owner), ...(page.before ? { range: { lt: page.before } } : {}) })
    .options({ reverse: true, limit: page.limit + 1, entityAttrFilter: false })
    .send();
  return { items: Items.slice(0, page.limit), more: Items.length > page.limit };
}

/** Where a token sits in its owner's list: what a page's cursor names. */
export const tokenListKey = (token: Pick<TokenItem, 'createdAt' | 'id'>) => `${token.createdAt}#${token.id}`;

/** Every token of one owner (a handful, plus the ended ones of the last 30 days). */
export async function allTokensOf(store: Store, owner: string): Promise<TokenItem[]> {
  return itemsOf(store, store.model.apiToken, { index: 'gsi1', partition: keys.apiTokensOf(owner) });
}

/** Everyone who holds tokens, in order, from `from` on (inclusive), a page of the store at a time. */
export async function* tokenOwnersFrom(store: Store, from?: string): AsyncGenerator<string> {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.model.table
      .build(QueryCommand)
      .entities(store.model.apiTokenOwner)
      .query({ partition: keys.apiTokenOwners, range: from === undefined ? { beginsWith: keys.apiTokenOwnerPrefix } : { gte: keys.apiTokenOwner(from).sk } })
      .options({ limit: 50, entityAttrFilter: false, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
      .send();
    for (const { owner } of page.Items ?? []) yield owner;
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}

/**
 * Takes a slot among an owner's live tokens for this one: false when they
 * hold `max` already. One item's condition, so requests at once cannot pass it;
 * without `max`, the slot is taken whatever the number (a token moved from before).
 */
export async function takeTokenSlot(store: Store, owner: string, id: string, max?: number): Promise<boolean> {
  try {
    await store.model.apiTokenOwner
      .build(UpdateItemCommand)
      .item({ owner, live: $add(new Set([id])) })
      .options(
        max === undefined
          ? {}
          : {
              condition: {
                or: [
                  { attr: 'live', exists: false },
                  { size: 'live', lt: max },
                ],
              },
            },
      )
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

/** Frees the slots of tokens that ended (revoked, expired, or gone). */
export async function freeTokenSlots(store: Store, owner: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await store.model.apiTokenOwner
    .build(UpdateItemCommand)
    .item({ owner, live: $delete(new Set(ids)) })
    .send();
}

/** The ids holding an owner's slots, as the last write left them. */
export async function tokenSlotsOf(store: Store, owner: string): Promise<string[]> {
  const { Item } = await store.model.apiTokenOwner.build(GetItemCommand).key({ owner }).options({ consistent: true }).send();
  return [...(Item?.live ?? [])];
}

/** Puts an owner in the walk of everyone's tokens (taking a slot does it too). */
export async function noteTokenOwner(store: Store, owner: string): Promise<void> {
  try {
    await store.model.apiTokenOwner
      .build(PutItemCommand)
      .item({ owner })
      .options({ condition: conditions.absent('owner') })
      .send();
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
}

/** Drops an owner with no token left from the walk of everyone's tokens; kept when a slot was taken meanwhile. */
export async function forgetTokenOwner(store: Store, owner: string): Promise<void> {
  try {
    await store.model.apiTokenOwner
      .build(DeleteItemCommand)
      .key({ owner })
      .options({ condition: { attr: 'live', exists: false } })
      .send();
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
}

/** Tokens still listed where all tokens were listed before per-owner lists: a page of them. */
export async function legacyListedTokens(store: Store, limit: number): Promise<TokenItem[]> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.apiToken)
    .query({ index: 'gsi1', partition: keys.legacyApiTokenList })
    .options({ limit, entityAttrFilter: false })
    .send();
  return Items;
}

/** Lists a token under its owner (updates do not fill linked index keys: they are set here). */
export async function listUnderOwner(store: Store, token: TokenItem): Promise<void> {
  try {
    await store.model.apiToken
      .build(UpdateItemCommand)
      .item({ id: token.id, gsi1pk: keys.apiTokensOf(token.owner), gsi1sk: tokenListKey(token) })
      .options({ condition: conditions.present('id') })
      .send();
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
}

/** Revokes a token once; false when there is no such token. */
export async function revokeToken(store: Store, id: string, now: Date): Promise<boolean> {
  try {
    await store.model.apiToken
      .build(UpdateItemCommand)
      .item({ id, revokedAt: $get('revokedAt', now.toISOString()) })
      .options({ condition: conditions.present('id') })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

export async function updateToken(store: Store, id: string, change: { lastUsedAt?: string; role?: Role }): Promise<void> {
  try {
    await store.model.apiToken
      .build(UpdateItemCommand)
      .item({ id, ...change })
      .options({ condition: conditions.present('id') })
      .send();
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
}

export const toPersonalToken = ({ id, name, owner, role, createdAt, validUntil, lastUsedAt, revokedAt }: TokenItem): PersonalToken => ({
  id,
  name,
  owner,
  role,
  createdAt,
  expiresAt: validUntil,
  lastUsedAt: lastUsedAt ?? null,
  revokedAt: revokedAt ?? null,
});

export async function appendAudit(store: Store, entry: AuditEntry, id: string): Promise<void> {
  await store.model.audit
    .build(PutItemCommand)
    .item({ month: entry.at.slice(0, 7), sk: `${entry.at}#${id}`, ...entry })
    .send();
}

/** The entries between two days (inclusive), oldest first, a page at a time. */
export async function* auditBetweenDays(store: Store, from: string, to: string): AsyncGenerator<AuditEntry> {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.model.table
      .build(QueryCommand)
      .entities(store.model.audit)
      .query({ index: 'gsi1', partition: keys.auditTrail, range: { between: [from, `${to}\uffff`] } })
      .options({ entityAttrFilter: false, limit: 500, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
      .send();
    for (const { at, actor, action, target, route, status } of page.Items ?? []) yield { at, actor, action, target, route, status };
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}

export async function putSignIn(store: Store, flow: SignInItem): Promise<void> {
  await store.model.signIn
    .build(PutItemCommand)
    .item(flow)
    .options({ condition: conditions.absent('state') })
    .send();
}

/** Takes a sign-in under way, once: a second callback with the same state finds nothing. */
export async function takeSignIn(store: Store, state: string): Promise<SignInItem | undefined> {
  try {
    const { Attributes } = await store.model.signIn
      .build(DeleteItemCommand)
      .key({ state })
      .options({ condition: conditions.present('state'), returnValues: 'ALL_OLD' })
      .send();
    return Attributes;
  } catch (error) {
    if (isConditionCheckFailed(error)) return undefined;
    throw error;
  }
}
