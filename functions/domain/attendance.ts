import * as z from 'zod';

export const MAX_NAME_LENGTH = 100;
export const ROLES = ['responder', 'facilitator', 'observer', 'other'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A name as a person typed it, made plain: one Unicode form (NFC), no control,
 * zero-width or direction-changing characters (they make two names look alike
 * or reorder a page), inner spaces folded, trimmed.
 */
export function cleanName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Names compare after cleaning, case-insensitively: "Ana  Lima" and "ana lima" are one person. */
export function nameKey(name: string): string {
  return cleanName(name).toLowerCase();
}

export const personName = z
  .string()
  .max(MAX_NAME_LENGTH * 4, `Keep it under ${MAX_NAME_LENGTH} characters.`)
  .transform(cleanName)
  .pipe(z.string().min(1, 'Type your name.').max(MAX_NAME_LENGTH, `Keep it under ${MAX_NAME_LENGTH} characters.`));

const yesNo = z.enum(['yes', 'no'], { message: 'Answer yes or no.' });

/** The check-in form: a name, and optionally whether they were invited and their role. */
export const checkinSchema = z.object({
  name: personName,
  invited: z.preprocess((v) => (v === '' ? undefined : v), yesNo.optional()),
  role: z.preprocess((v) => (v === '' ? undefined : v), z.enum(ROLES, { message: 'Pick one of the roles.' }).optional()),
});

/** A name in a path (`/attendees/{name}`), as typed or as listed. */
export const attendeeNameSchema = personName.meta({ description: "The attendance record's name, any spelling of it (names compare case-insensitively)" });

/** Two records that are one person: the one kept (its spelling and its words first) and the one folded into it. */
export const mergeAttendeesSchema = z
  .strictObject({
    keep: personName.meta({ description: 'The record kept: its spelling, and its words where both say something' }),
    merge: personName.meta({ description: 'The record folded into it, then removed' }),
  })
  .refine(({ keep, merge }) => nameKey(keep) !== nameKey(merge), { path: ['merge'], message: 'is the same record as keep: name two different records' });

/** A facilitator's record after the meeting. */
export const attendanceRecordSchema = z.strictObject({
  attendees: z
    .array(
      z.strictObject({
        name: personName.meta({ description: 'The attendee, as named at check-in: one record a name' }),
        invited: z.boolean().optional().meta({ description: 'Was invited; `false` counts them as voluntary' }),
        role: z.enum(ROLES).optional().meta({ description: 'Their part in the incident' }),
        participated: z.boolean().optional().meta({ description: 'Shared their own view in the review' }),
      }),
    )
    .min(1)
    .max(500)
    .meta({ description: 'Who came (1 to 500), merged with the check-ins: the facilitator’s record wins on `invited` and `role`' }),
});

/** Who says: the person checking in, or the facilitator, whose record wins on `invited` and `role`. */
export type AttendanceSource = 'checkin' | 'facilitator';

export interface AttendeeUpdate {
  name: string;
  invited?: boolean;
  role?: Role;
  participated?: boolean;
  checkedIn?: boolean;
}

/** An attendee as stored: what the check-in said, and what the facilitator said over it. */
export interface StoredAttendee extends Attendee {
  facilitatorInvited?: boolean;
  facilitatorRole?: Role;
}

/** The attendee as counted and shown: the facilitator's word over the check-in's. */
export function effectiveAttendee({ facilitatorInvited, facilitatorRole, ...attendee }: StoredAttendee): Attendee {
  return {
    ...attendee,
    ...(facilitatorInvited !== undefined ? { invited: facilitatorInvited } : {}),
    ...(facilitatorRole !== undefined ? { role: facilitatorRole } : {}),
  };
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
