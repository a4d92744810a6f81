import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { Store } from './client';
import { isConditionFailure, itemIsNew } from './conditions';

/** Daily salt: `SALT#{day}` / `SALT`; expires two days after its day begins. */
const saltKey = (day: string) => ({ pk: `SALT#${day}`, sk: 'SALT' });

const cache = new Map<string, string>();

/**
 * The day's secret salt, shared by every process: the first to ask creates it,
 * the others read the winner's. Kept in memory once known.
 */
export async function dailySalt(store: Store, day: string): Promise<string> {
  const cacheKey = `${store.table}\n${day}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const salt = (await readSalt(store, day)) ?? (await createSalt(store, day));
  if (cache.size > 8) cache.clear();
  cache.set(cacheKey, salt);
  return salt;
}

async function readSalt(store: Store, day: string): Promise<string | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: saltKey(day), ConsistentRead: true }),
  );
  return Item?.salt as string | undefined;
}

async function createSalt(store: Store, day: string): Promise<string> {
  const salt = randomBytes(32).toString('base64url');
  const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 2 * 86_400;
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: { ...saltKey(day), salt, expiresAt },
        ConditionExpression: itemIsNew,
      }),
    );
    return salt;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await readSalt(store, day);
    if (!winner) throw error;
    return winner;
  }
}
