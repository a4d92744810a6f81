import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $get, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
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

export async function getToken(store: Store, id: string): Promise<TokenItem | undefined> {
  const { Item } = await store.model.apiToken.build(GetItemCommand).key({ id }).send();
  return Item;
}

/** Every token, oldest first (people hold a handful each). */
export async function listTokens(store: Store): Promise<TokenItem[]> {
  return itemsOf(store, store.model.apiToken, { index: 'gsi1', partition: keys.apiTokenList });
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
