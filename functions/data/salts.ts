import { randomBytes } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Store } from './client';
import { conditions } from './model';

const cache = new Map<string, string>();

/**
 * The day's secret salt, shared by every process: the first to ask creates it,
 * the others read the winner's. Kept in memory once known; the item expires
 * two days after its day begins.
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
  const { Item } = await store.model.salt.build(GetItemCommand).key({ day }).options({ consistent: true }).send();
  return Item?.salt;
}

async function createSalt(store: Store, day: string): Promise<string> {
  const salt = randomBytes(32).toString('base64url');
  const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 2 * 86_400;
  try {
    await store.model.salt
      .build(PutItemCommand)
      .item({ day, salt, expiresAt })
      .options({ condition: conditions.absent('day') })
      .send();
    return salt;
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
    const winner = await readSalt(store, day);
    if (!winner) throw error;
    return winner;
  }
}
