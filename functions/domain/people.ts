import * as z from 'zod';

/** What a person may do; each role has everything the one before it has. */
export const ROLES = ['viewer', 'facilitator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const rankOf = (role: Role) => ROLES.indexOf(role);
export const atLeast = (role: Role, needed: Role) => rankOf(role) >= rankOf(needed);
export const lowerOf = (a: Role, b: Role): Role => (rankOf(a) <= rankOf(b) ? a : b);

/** Who asks: a person (by session or personal token) or the break-glass admin token. */
export interface Caller {
  via: 'admin-token' | 'session' | 'token';
  /** The person's e-mail; null for the admin token. */
  email: string | null;
  name: string;
  role: Role;
  /** The personal token used, when one was. */
  tokenId?: string;
}

/** How a caller is named in the audit trail: who, and through which personal token when one was used. */
export const actorOf = (caller: Caller) => `${caller.email ?? 'admin token'}${caller.via === 'token' ? ` (token "${caller.name}")` : ''}`;

/** Names of attendees reach facilitators and admins only. */
export const maySeeNames = (caller: Pick<Caller, 'role'>) => atLeast(caller.role, 'facilitator');

/** E-mails compare without case or surrounding space. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

export const MAX_EMAIL_LENGTH = 254;
export const emailSchema = z
  .string()
  .max(MAX_EMAIL_LENGTH)
  .transform(normalizeEmail)
  .refine((email) => /^[^\s@]+@[^\s@]+$/.test(email), 'must be an e-mail address');

/** The domain of an e-mail: what follows its last `@`, in lower case. */
export function emailDomainOf(email: string): string {
  const normal = normalizeEmail(email);
  return normal.slice(normal.lastIndexOf('@') + 1);
}

/** E-mail domains as OIDC_ALLOWED_DOMAINS may name them: letters, digits and hyphens, between dots. */
export const isEmailDomain = (value: string) => /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(value);

/**
 * Whether OIDC_ALLOWED_DOMAINS lets this e-mail sign in: its domain is one of
 * them exactly (a subdomain is listed on its own), or none is listed.
 */
export function domainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = emailDomainOf(email);
  return allowedDomains.some((allowed) => allowed.toLowerCase() === domain);
}

/** Comma-separated settings (ADMIN_EMAILS, OIDC_ADMIN_GROUPS), trimmed, empty entries dropped. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export interface RoleRules {
  adminEmails: string[];
  adminGroups: string[];
  facilitatorGroups: string[];
}

/** The role a person's claims grant at sign-in: ADMIN_EMAILS, then the groups, else viewer. */
export function roleFromClaims(email: string, groups: string[], rules: RoleRules): Role {
  if (rules.adminEmails.map(normalizeEmail).includes(normalizeEmail(email))) return 'admin';
  if (groups.some((group) => rules.adminGroups.includes(group))) return 'admin';
  if (groups.some((group) => rules.facilitatorGroups.includes(group))) return 'facilitator';
  return 'viewer';
}

/**
 * The role a person has: an admin's choice wins over the groups (so a role can
 * be given or taken without waiting on the identity provider), except that
 * ADMIN_EMAILS are always admins, so the product cannot lose its last one.
 */
export function effectiveRole(person: { groupRole: Role; assignedRole?: Role | null }, alwaysAdmin: boolean): Role {
  if (alwaysAdmin) return 'admin';
  return person.assignedRole ?? person.groupRole;
}

/** Groups as providers send them: an array of strings, or one string. */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string').slice(0, 500);
  return [];
}

export const TOKEN_NAME_MAX = 100;
export const TOKEN_DAYS_DEFAULT = 90;
export const TOKEN_DAYS_MAX = 365;
/** At most this many live tokens a person (the admin token's holder counts as one). */
export const MAX_LIVE_TOKENS = 20;
/** Tokens listed a page at a time: a person's fit in one; an admin's, everyone's, take several. */
export const TOKENS_PAGE_DEFAULT = 50;
export const TOKENS_PAGE_MAX = 100;

export const createTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(TOKEN_NAME_MAX).meta({ description: 'What the token is for (a CI job, a laptop)' }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(TOKEN_DAYS_MAX)
      .default(TOKEN_DAYS_DEFAULT)
      .meta({ description: `Days until it stops working, 1 to ${TOKEN_DAYS_MAX}` }),
  })
  .strict();

export const setRoleSchema = z.object({ role: roleSchema.meta({ description: 'viewer, facilitator or admin: wins over the groups' }) }).strict();

/** A personal token as people see it: never its secret after creation. */
export interface PersonalToken {
  id: string;
  name: string;
  role: Role;
  owner: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Person {
  email: string;
  name: string;
  role: Role;
  groupRole: Role;
  assignedRole: Role | null;
  createdAt: string;
  lastSignInAt: string | null;
}

/** One change, as the audit trail keeps it. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  route: string;
  status: number;
}
