import * as z from 'zod';

export const MAX_NAME_LENGTH = 100;
export const ROLES = ['responder', 'facilitator', 'observer', 'other'] as const;
export type Role = (typeof ROLES)[number];

/** Names compare case-insensitively after trimming (and folding inner spaces). */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const personName = z
  .string()
  .transform((name) => name.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'Type your name.').max(MAX_NAME_LENGTH, `Keep it under ${MAX_NAME_LENGTH} characters.`));

const yesNo = z.enum(['yes', 'no'], { message: 'Answer yes or no.' });

/** The check-in form: a name, and optionally whether they were invited and their role. */
export const checkinSchema = z.object({
  name: personName,
  invited: z.preprocess((v) => (v === '' ? undefined : v), yesNo.optional()),
  role: z.preprocess((v) => (v === '' ? undefined : v), z.enum(ROLES, { message: 'Pick one of the roles.' }).optional()),
});

/** A facilitator's record after the meeting. */
export const attendanceRecordSchema = z.strictObject({
  attendees: z
    .array(
      z.strictObject({
        name: personName,
        invited: z.boolean().optional(),
        role: z.enum(ROLES).optional(),
        participated: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(500),
});

export interface AttendeeUpdate {
  name: string;
  invited?: boolean;
  role?: Role;
  participated?: boolean;
  checkedIn?: boolean;
}

/** Whether a person was invited, as far as the invitee list says (undefined without a list). */
export function invitedByList(name: string, invitees: string[]): boolean | undefined {
  if (invitees.length === 0) return undefined;
  return invitees.map(nameKey).includes(nameKey(name));
}

export interface Attendee {
  name: string;
  invited?: boolean;
  role?: Role;
  participated?: boolean;
  checkedIn?: boolean;
}

/** Voluntary attendees came without an invitation; participants shared their own view. */
export function summarizeAttendance(attendees: Attendee[]) {
  return {
    attendees: attendees.length,
    voluntary: attendees.filter((a) => a.invited === false).length,
    participated: attendees.filter((a) => a.participated === true).length,
  };
}

/**
 * A person's record after an update, as the store merges it: what the update
 * says wins; whether they were invited falls back to the invitee list only
 * when nobody has said.
 */
export function mergeAttendee(before: Attendee | undefined, update: AttendeeUpdate, invitedFallback: boolean | undefined): Attendee {
  const merged: Attendee = { ...before, name: update.name };
  if (update.role !== undefined) merged.role = update.role;
  if (update.participated !== undefined) merged.participated = update.participated;
  if (update.checkedIn !== undefined) merged.checkedIn = update.checkedIn;
  if (update.invited !== undefined) merged.invited = update.invited;
  else if (merged.invited === undefined && invitedFallback !== undefined) merged.invited = invitedFallback;
  return merged;
}
