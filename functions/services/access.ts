import { createHash, randomBytes } from 'node:crypto';
import { epochSeconds } from '../domain/dates';
import { lowerOf, type Caller, type PersonalToken, type Role } from '../domain/people';
import type { Store } from '../data/client';
import {
  deleteSession,
  getSession,
  getToken,
  listTokens,
  putSession,
  putToken,
  revokeToken,
  sessionsOf,
  setSessionRole,
  toPersonalToken,
  updateToken,
} from '../data/people';
import { tokensMatch } from '../shared/tokens';

// Who is asking: sessions, personal tokens and the admin token, each checked in at most one read.

export const SESSION_SECONDS = 12 * 3_600;
const ADMIN_TOKEN_HOLDER = 'admin-token';
/** A token's last use is written at most this often, so using one is not a write a request. */
const LAST_USE_EVERY_MS = 60_000;
/** Ended tokens stay listed this long, then the table lets them go. */
const ENDED_TOKENS_KEPT_DAYS = 30;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

export interface SessionHolder {
  email: string | null;
  name: string;
  role: Role;
}

/** Starts a session and returns the cookie's value; only its hash is stored. */
export async function startSession(store: Store, holder: SessionHolder, now: Date, adminToken?: string): Promise<string> {
  const value = secret();
  await putSession(store, {
    hash: hashOf(value),
    holder: holder.email ?? ADMIN_TOKEN_HOLDER,
    ...(holder.email ? { email: holder.email } : {}),
    name: holder.name,
    role: holder.role,
    ...(adminToken ? { adminTokenHash: hashOf(adminToken) } : {}),
    createdAt: now.toISOString(),
    expiresAt: epochSeconds(now) + SESSION_SECONDS,
  });
  return value;
}

export async function endSession(store: Store, value: string | undefined): Promise<void> {
  if (value && value.length <= 200) await deleteSession(store, hashOf(value));
}

/** The caller behind a session cookie: one read; none for a value that cannot be one. */
export async function callerFromSession(store: Store, value: string | undefined, adminToken: string, now: Date): Promise<Caller | undefined> {
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) return undefined;
  const session = await getSession(store, hashOf(value));
  // The table removes expired items late: the expiry is checked here too.
  if (!session || session.expiresAt <= epochSeconds(now)) return undefined;
  if (session.adminTokenHash && !tokensMatch(session.adminTokenHash, hashOf(adminToken))) return undefined;
  return { via: 'session', email: session.email ?? null, name: session.name, role: session.role };
}

const TOKEN_PATTERN = /^lsp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * The caller behind a bearer token: the admin token costs no read, a personal
 * token one (and, at most once a minute, a write of its last use).
 */
export async function callerFromBearer(store: Store, bearer: string, adminToken: string, now: Date): Promise<Caller | undefined> {
  if (tokensMatch(bearer, adminToken)) return { via: 'admin-token', email: null, name: 'admin token', role: 'admin' };
  const parts = TOKEN_PATTERN.exec(bearer);
  if (!parts) return undefined;
  const token = await getToken(store, parts[1]!);
  if (!token || !tokensMatch(hashOf(parts[2]!), token.secretHash)) return undefined;
  if (token.revokedAt || token.validUntil <= now.toISOString()) return undefined;
  if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= LAST_USE_EVERY_MS) {
    await updateToken(store, token.id, { lastUsedAt: now.toISOString() });
  }
  const email = token.owner.includes('@') ? token.owner : null;
  return { via: 'token', email, name: token.name, role: token.role, tokenId: token.id };
}

/** A new personal token with the creator's role; its secret is in the answer only. */
export async function createToken(
  store: Store,
  creator: Caller,
  input: { name: string; expiresInDays: number },
  now: Date,
): Promise<PersonalToken & { token: string }> {
  const id = randomBytes(8).toString('hex');
  const value = secret();
  const validUntil = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const item = {
    id,
    name: input.name,
    owner: creator.email ?? 'admin token',
    role: creator.role,
    secretHash: hashOf(value),
    createdAt: now.toISOString(),
    validUntil: validUntil.toISOString(),
    expiresAt: epochSeconds(validUntil) + ENDED_TOKENS_KEPT_DAYS * 86_400,
  };
  await putToken(store, item);
  return { ...toPersonalToken(item), token: `lsp_${id}_${value}` };
}

const ownerOf = (caller: Caller) => caller.email ?? 'admin token';

/** A caller's own tokens; an admin's list holds everyone's. Newest first. */
export async function tokensFor(store: Store, caller: Caller): Promise<PersonalToken[]> {
  const all = await listTokens(store);
  const mine = caller.role === 'admin' ? all : all.filter((token) => token.owner === ownerOf(caller));
  return mine.map(toPersonalToken).reverse();
}

/** Revokes a token the caller may revoke (their own; an admin any); undefined when there is none for them. */
export async function revokeTokenFor(store: Store, caller: Caller, id: string, now: Date): Promise<PersonalToken | undefined> {
  if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
  const token = await getToken(store, id);
  if (!token || (caller.role !== 'admin' && token.owner !== ownerOf(caller))) return undefined;
  await revokeToken(store, id, now);
  return toPersonalToken({ ...token, revokedAt: token.revokedAt ?? now.toISOString() });
}

/**
 * A person's role changed: their sessions act with it from the next request,
 * and their tokens keep at most it (a token never gains a role it was not made with).
 */
export async function applyRole(store: Store, email: string, role: Role): Promise<void> {
  for (const hash of await sessionsOf(store, email)) await setSessionRole(store, hash, role);
  for (const token of await listTokens(store)) {
    if (token.owner === email && lowerOf(token.role, role) !== token.role) await updateToken(store, token.id, { role });
  }
}
