import { effectiveRole, roleFromClaims, type Person, type Role, type RoleRules } from '../domain/people';
import type { Store } from '../data/client';
import { assignRole, getPerson, listPeople, recordSignIn, type PersonItem } from '../data/people';
import { applyRole, startSession } from './access';

// People: who signed in, with which role, and an admin's changes of role.

const isAlwaysAdmin = (email: string, rules: RoleRules) => rules.adminEmails.map((e) => e.toLowerCase()).includes(email);

function toPerson(item: PersonItem, rules: RoleRules): Person {
  return {
    email: item.email,
    name: item.name,
    role: effectiveRole(item, isAlwaysAdmin(item.email, rules)),
    groupRole: item.groupRole,
    assignedRole: item.assignedRole ?? null,
    createdAt: item.createdAt,
    lastSignInAt: item.lastSignInAt ?? null,
  };
}

export async function people(store: Store, rules: RoleRules): Promise<Person[]> {
  return (await listPeople(store)).map((item) => toPerson(item, rules));
}

export async function person(store: Store, email: string, rules: RoleRules): Promise<Person | undefined> {
  const item = await getPerson(store, email);
  return item && toPerson(item, rules);
}

/** An admin sets a person's role: it holds from their next request, sessions and tokens alike. */
export async function setRole(store: Store, email: string, role: Role, rules: RoleRules, now: Date): Promise<Person> {
  const updated = toPerson(await assignRole(store, email, role, now), rules);
  await applyRole(store, email, updated.role);
  return updated;
}

/** Who the identity provider says signed in: its account `(iss, sub)`, and the verified e-mail, name and groups it gave. */
export interface Claims {
  iss: string;
  sub: string;
  email: string;
  name: string;
  groups: string[];
}

/** A sign-in with an e-mail bound to another account of the provider: refused, never merged. */
export class EmailBoundElsewhere extends Error {
  constructor(readonly email: string) {
    super(`${email} is bound to another account of the identity provider`);
  }
}

/**
 * A person signed in at the identity provider: they are recorded (bound to the
 * account at their first sign-in), their role settled, and a session started.
 * Throws EmailBoundElsewhere, with nothing changed, when the e-mail belongs to
 * another account.
 */
export async function signIn(store: Store, claims: Claims, rules: RoleRules, now: Date): Promise<{ person: Person; session: string }> {
  const groupRole = roleFromClaims(claims.email, claims.groups, rules);
  const recorded = await recordSignIn(store, { email: claims.email, name: claims.name, groupRole, iss: claims.iss, sub: claims.sub }, now);
  if (!recorded) throw new EmailBoundElsewhere(claims.email);
  const signedIn = toPerson(recorded, rules);
  await applyRole(store, signedIn.email, signedIn.role);
  const session = await startSession(store, { email: signedIn.email, name: signedIn.name, role: signedIn.role }, now);
  return { person: signedIn, session };
}
