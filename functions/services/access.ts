import { createHash, randomBytes } from 'node:crypto';
import { epochSeconds } from '../domain/dates';
import { lowerOf, MAX_LIVE_TOKENS, TOKENS_PAGE_DEFAULT, TOKENS_PAGE_MAX, type Caller, type PersonalToken, type Role } from '../domain/people';
import type { Store } from '../data/client';
import {
  allTokensOf,
  deleteSession,
  deleteToken,
  forgetTokenOwner,
  freeTokenSlots,
  getSession,
  getToken,
  legacyListedTokens,
  listUnderOwner,
  noteTokenOwner,
  putSession,
  putToken,
  revokeToken,
  sessionsOf,
  setSessionRole,
  takeTokenSlot,
  tokenListKey,
  tokenOwnersFrom,
  tokenSlotsOf,
  tokensOfOwner,
  toPersonalToken,
  updateToken,
  type TokenItem,
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

/** The owner of the tokens made with the admin token: they count as one person's. */
const ADMIN_TOKEN_OWNER = 'admin token';
const ownerOf = (caller: Caller) => caller.email ?? ADMIN_TOKEN_OWNER;

/**
 * Whether a token may still be used: not revoked, not expired, and, when the
 * admin token made it, made with the admin token in force now (a token from
 * before tokens kept which admin token made them cannot say so, and is refused).
 */
function isLive(token: TokenItem, now: Date, adminTokenHash: string): boolean {
  if (token.revokedAt || token.validUntil <= now.toISOString()) return false;
  return !madeWithAdminToken(token) || (token.adminTokenHash !== undefined && tokensMatch(token.adminTokenHash, adminTokenHash));
}
const madeWithAdminToken = (token: TokenItem) => token.adminTokenHash !== undefined || token.owner === ADMIN_TOKEN_OWNER;

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
  if (!isLive(token, now, hashOf(adminToken))) return undefined;
  if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= LAST_USE_EVERY_MS) {
    await updateToken(store, token.id, { lastUsedAt: now.toISOString() });
  }
  const email = token.owner.includes('@') ? token.owner : null;
  return { via: 'token', email, name: token.name, role: token.role, tokenId: token.id };
}

export type TokenMade = { ok: true; token: PersonalToken & { token: string } } | { ok: false; status: 403 | 409; message: string };

/**
 * A new personal token with the creator's role; its secret is in the answer
 * only. Made from a session or with the admin token, never by a token (a
 * token's child would outlive its revocation); one made with the admin token
 * keeps a hash of it and ends when it changes. At most MAX_LIVE_TOKENS live a person.
 */
export async function createToken(
  store: Store,
  creator: Caller,
  input: { name: string; expiresInDays: number },
  now: Date,
  adminToken: string,
): Promise<TokenMade> {
  if (creator.via === 'token')
    return { ok: false, status: 403, message: 'A token cannot make tokens: make one from a signed-in session, or with the admin token.' };
  await moveLegacyTokens(store);
  const owner = ownerOf(creator);
  const id = randomBytes(8).toString('hex');
  const value = secret();
  const validUntil = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const item: TokenItem = {
    id,
    name: input.name,
    owner,
    role: creator.role,
    secretHash: hashOf(value),
    createdAt: now.toISOString(),
    validUntil: validUntil.toISOString(),
    ...(creator.email === null ? { adminTokenHash: hashOf(adminToken) } : {}),
    expiresAt: epochSeconds(validUntil) + ENDED_TOKENS_KEPT_DAYS * 86_400,
  };
  // The token first, then its slot: a slot always names a stored token, so freeing
  // the slots of missing tokens never frees one a request at once is still making.
  await putToken(store, item);
  if (!(await takeTokenSlot(store, owner, id, MAX_LIVE_TOKENS))) {
    await freeEndedSlots(store, owner, now, hashOf(adminToken));
    if (!(await takeTokenSlot(store, owner, id, MAX_LIVE_TOKENS))) {
      await deleteToken(store, id);
      return {
        ok: false,
        status: 409,
        message: `${creator.email ?? 'The admin token'} already holds ${MAX_LIVE_TOKENS} live tokens, the most a person may: revoke one to make another.`,
      };
    }
  }
  return { ok: true, token: { ...toPersonalToken(item), token: `lsp_${id}_${value}` } };
}

/** Frees the slots of an owner's tokens that ended since (revoked, expired, gone, or made with an earlier admin token). */
async function freeEndedSlots(store: Store, owner: string, now: Date, adminTokenHash: string): Promise<void> {
  const ids = await tokenSlotsOf(store, owner);
  const tokens = await Promise.all(ids.map((id) => getToken(store, id, true)));
  await freeTokenSlots(
    store,
    owner,
    ids.filter((_, i) => !tokens[i] || !isLive(tokens[i], now, adminTokenHash)),
  );
}

/**
 * Tokens stored before tokens were listed per owner sit in one list of all:
 * each is moved under its owner (with a slot when it may still be live), so
 * listings and the limit find it. After the first call, one read of an empty list.
 */
async function moveLegacyTokens(store: Store): Promise<void> {
  for (let page = await legacyListedTokens(store, 100); page.length > 0; page = await legacyListedTokens(store, 100)) {
    for (const token of page) {
      // A token the admin token made then cannot say which admin token it was: it takes no slot, and is refused.
      if (!token.revokedAt && !madeWithAdminToken(token)) await takeTokenSlot(store, token.owner, token.id);
      else await noteTokenOwner(store, token.owner);
      await listUnderOwner(store, token);
    }
  }
}

export interface TokenPage {
  tokens: PersonalToken[];
  /** Pass back as `after` for the next page. */
  next?: string;
}

/** A cursor names the last token of a page: its owner and place in the owner's list. */
const cursorOf = (token: TokenItem) => Buffer.from(JSON.stringify([token.owner, tokenListKey(token)])).toString('base64url');
function cursorFrom(after: string): [string, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) return value as [string, string];
  } catch {
    // Not one of ours: said below.
  }
  return undefined;
}

/**
 * A page of the caller's tokens, newest first, reading only theirs; an admin's
 * holds everyone's, owner by owner. Tokens the admin token made with an earlier
 * admin token are shown revoked (they were ended when it changed).
 * undefined when `after` is not a cursor this list gave.
 */
export async function tokensFor(
  store: Store,
  caller: Caller,
  page: { limit?: number; after?: string },
  now: Date,
  adminToken: string,
): Promise<TokenPage | undefined> {
  const limit = Math.min(Math.max(page.limit ?? TOKENS_PAGE_DEFAULT, 1), TOKENS_PAGE_MAX);
  const cursor = page.after === undefined ? undefined : cursorFrom(page.after);
  if (page.after !== undefined && !cursor) return undefined;
  await moveLegacyTokens(store);
  const found: TokenItem[] = [];
  let more = false;
  if (caller.role !== 'admin') {
    if (cursor && cursor[0] !== ownerOf(caller)) return undefined;
    const mine = await tokensOfOwner(store, ownerOf(caller), { limit, before: cursor?.[1] });
    found.push(...mine.items);
    more = mine.more;
  } else {
    // One token past the page says whether another page follows.
    for await (const owner of tokenOwnersFrom(store, cursor?.[0])) {
      const before = owner === cursor?.[0] ? cursor[1] : undefined;
      const theirs = await tokensOfOwner(store, owner, { limit: limit + 1 - found.length, before });
      if (!before && theirs.items.length === 0) await forgetTokenOwner(store, owner);
      found.push(...theirs.items);
      if (found.length > limit) break;
    }
    more = found.length > limit;
    found.splice(limit);
  }
  const tokens = await Promise.all(found.map((token) => endIfAdminTokenChanged(store, token, now, hashOf(adminToken))));
  return { tokens: tokens.map(toPersonalToken), ...(more && found.length ? { next: cursorOf(found.at(-1)!) } : {}) };
}

/** A token made with an earlier admin token is refused already; listed, it is revoked so it shows as ended. */
async function endIfAdminTokenChanged(store: Store, token: TokenItem, now: Date, adminTokenHash: string): Promise<TokenItem> {
  if (token.revokedAt || !madeWithAdminToken(token) || isLive(token, now, adminTokenHash) || token.validUntil <= now.toISOString()) return token;
  await revokeToken(store, token.id, now);
  await freeTokenSlots(store, token.owner, [token.id]);
  return { ...token, revokedAt: now.toISOString() };
}

/** Revokes a token the caller may revoke (their own; an admin any); undefined when there is none for them. */
export async function revokeTokenFor(store: Store, caller: Caller, id: string, now: Date): Promise<PersonalToken | undefined> {
  if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
  const token = await getToken(store, id);
  if (!token || (caller.role !== 'admin' && token.owner !== ownerOf(caller))) return undefined;
  await revokeToken(store, id, now);
  await freeTokenSlots(store, token.owner, [id]);
  return toPersonalToken({ ...token, revokedAt: token.revokedAt ?? now.toISOString() });
}

/**
 * A person's role changed: their sessions act with it from the next request,
 * and their tokens keep at most it (a token never gains a role it was not made with).
 */
export async function applyRole(store: Store, email: string, role: Role): Promise<void> {
  for (const hash of await sessionsOf(store, email)) await setSessionRole(store, hash, role);
  await moveLegacyTokens(store);
  for (const token of await allTokensOf(store, email)) {
    if (lowerOf(token.role, role) !== token.role) await updateToken(store, token.id, { role });
  }
}
