import * as z from 'zod';
import { INCIDENT_PLATFORM_IDS, type IncidentPlatform } from '../domain/incident-platforms';
import { READ_PLACE_IDS, type ReadPlace } from '../domain/read-places';
import { ROLES as ATTENDEE_ROLES } from '../domain/attendance';
import { LINK_KINDS, LINK_VIA } from '../domain/links';
import { ROLES } from '../domain/people';
import { questionSchema } from '../domain/survey';

/**
 * The shapes the API answers with, described once: the OpenAPI document shows
 * them, a generated client types them, and each handler's answer must fit
 * its operation's (the compiler checks it). Named ones become components.
 */

const count = z.number().int().min(0);
const day = z.string().meta({ format: 'date', examples: ['2026-11-30'] });
const instant = z.string().meta({ format: 'date-time' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(['validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'rate_limited', 'unavailable']),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'What went wrong; `issues` names each field that needs a look' });

export const rangeSchema = z.object({ from: day, to: day }).meta({ id: 'Range', description: 'Inclusive days, in UTC' });

export const writeupSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    url: z.string(),
    copies: z.array(z.string()).meta({ description: 'The same write-up elsewhere; each counts as the write-up' }),
    incidentDate: z.string().optional(),
    publishedAt: z.string().optional(),
    tags: z.array(z.string()),
    createdAt: instant,
    updatedAt: instant,
    archivedAt: instant.optional().meta({ description: 'Archived then: out of lists, pickers and the digest; its facts stay and its tracker counts' }),
    source: z
      .object({
        platform: z.enum(INCIDENT_PLATFORM_IDS as [IncidentPlatform, ...IncidentPlatform[]]),
        id: z.string().meta({ description: 'Its id on the platform' }),
        url: z.string().optional().meta({ description: 'Its page on the platform' }),
        updatedAt: z.string().optional().meta({ description: 'When the platform last changed it, as the platform said' }),
        byHand: z
          .boolean()
          .optional()
          .meta({ description: 'Registered here by hand before the platform said of it: its title, address and dates stay as typed' }),
      })
      .optional()
      .meta({ description: 'The incident platform it was born on (incident.io, Rootly, FireHydrant), when it came from one' }),
  })
  .meta({ id: 'Writeup', description: 'A post-incident write-up' });

export const linkSchema = z
  .object({
    url: z.string().nullable(),
    kind: z.enum(LINK_KINDS),
    via: z.enum(LINK_VIA),
    overflow: z.boolean().optional().meta({ description: 'Stands for the places past the day’s limit' }),
    clicks: count.meta({ description: 'Go-link clicks from it' }),
    views: count.meta({ description: 'Reads it referred' }),
    firstSeen: instant,
    lastSeen: instant,
  })
  .meta({ id: 'Link', description: 'A place that points at a write-up' });

const templateRef = z.string().meta({ description: 'The survey template and version the review uses, `id@version`' });

export const reviewLinksSchema = z.object({ checkinUrl: z.string(), surveyUrl: z.string() });

const attendanceCounts = z.object({
  attendees: count,
  voluntary: count.meta({ description: 'Came without an invitation' }),
  participated: count.meta({ description: 'Shared their own view' }),
});

export const attendeeSchema = z
  .object({
    name: z.string(),
    invited: z.boolean().optional(),
    role: z.enum(ATTENDEE_ROLES).optional(),
    participated: z.boolean().optional(),
    checkedIn: z.boolean().optional(),
  })
  .meta({ id: 'Attendee' });

/** A review's length and people: names, addresses and organizer for facilitators and admins, how many were invited for viewers. */
export const reviewPeopleShape = {
  durationMinutes: z.number().int().meta({ description: 'How long the calendar invite blocks' }),
  sequence: z.number().int().optional().meta({ description: "The calendar invite's version (SEQUENCE), when it was changed" }),
  invitees: z.union([z.array(z.string()), count]).meta({ description: 'Names for facilitators and admins; how many for viewers' }),
  invitations: z
    .array(z.object({ name: z.string(), email: z.string() }))
    .optional()
    .meta({ description: 'Invitees with an address, named on the calendar invitation; for facilitators and admins' }),
  organizer: z.string().optional().meta({ description: 'Who sends the calendar invitation; for facilitators and admins' }),
};

/** A review as a write-up's list shows it: names for facilitators and admins, a count for viewers. */
export const reviewSummarySchema = z
  .object({
    id: z.string(),
    writeupId: z.string(),
    title: z.string().optional(),
    startsAt: instant,
    timeZone: z.string().optional(),
    anonymous: z.boolean(),
    createdAt: instant,
    checkinReopenedUntil: instant.optional(),
    cancelledAt: instant.optional().meta({ description: 'When it was cancelled: its links answer 410 and nothing of it counts' }),
    ...reviewPeopleShape,
    surveyTemplate: templateRef,
    ...reviewLinksSchema.shape,
  })
  .meta({ id: 'ReviewSummary' });

export const surveyTemplateSchema = z
  .object({ id: z.string(), version: z.number().int().min(1), title: z.string(), questions: z.array(questionSchema) })
  .meta({ id: 'SurveyTemplate', description: 'One version of a survey template' });

export const personalTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    owner: z.string(),
    createdAt: instant,
    expiresAt: instant,
    lastUsedAt: instant.nullable(),
    revokedAt: instant.nullable(),
  })
  .meta({ id: 'PersonalToken', description: 'A personal API token, never its secret' });

export const personSchema = z
  .object({
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    groupRole: z.enum(ROLES).meta({ description: 'As the groups (or ADMIN_EMAILS) said at the last sign-in' }),
    assignedRole: z.enum(ROLES).nullable().meta({ description: 'As an admin set it: wins over the groups' }),
    createdAt: instant,
    lastSignInAt: instant.nullable(),
  })
  .meta({ id: 'Person' });

export const auditEntrySchema = z
  .object({ at: instant, actor: z.string(), action: z.string(), target: z.string(), route: z.string(), status: z.number().int() })
  .meta({ id: 'AuditEntry', description: 'One change: who, what, on what, when, through which route' });

const questionSummarySchema = z.union([
  z.object({ id: z.string(), type: z.enum(['choice', 'multi']), prompt: z.string(), answered: count, counts: z.record(z.string(), count) }),
  z.object({ id: z.string(), type: z.literal('scale'), prompt: z.string(), answered: count, counts: z.record(z.string(), count), mean: z.number().nullable() }),
  z.object({ id: z.string(), type: z.enum(['text', 'longtext']), prompt: z.string(), answered: count, answers: z.array(z.string()) }),
]);

const dayReads = z.object({ date: day, views: count, engaged: count, readers: count });
const platformDay = z.object({ date: day, views: count, viewers: count });
const placeReads = z.object({
  views: count,
  viewers: count.meta({ description: 'The sum of daily distinct viewers, as the place counts them' }),
  byDay: z.array(platformDay),
  counts: z.string().meta({ description: 'What the place counts, in words' }),
  clock: z.string().meta({ description: 'Whose days they are' }),
});

export const writeupReportSchema = z
  .object({
    writeup: z.object({ id: z.string(), title: z.string(), url: z.string() }),
    range: rangeSchema,
    reads: z.object({
      views: count,
      engaged: count,
      readers: count.meta({ description: 'The sum of daily distinct readers' }),
      readersNote: z.string(),
      averageEngagedScrollPercent: z.number().nullable(),
      byDay: z.array(dayReads),
      sincePublished: z.object({ d0_7: count, d8_30: count, d31_90: count, d91_: count }),
      proxied: z
        .object({ fetches: count, byProxy: z.record(z.string(), count) })
        .meta({ description: 'Pixels fetched by image proxies: never views or readers' }),
      platform: z
        .object(Object.fromEntries(READ_PLACE_IDS.map((place) => [place, placeReads.optional()])) as Record<ReadPlace, z.ZodOptional<typeof placeReads>>)
        .optional()
        .meta({
          description:
            'What each place the write-up lives (confluence, google, microsoft) counted itself, beside the tracked reads and never added to them: each its own way and on its own clock (`counts`, `clock`); a place with nothing in the range is left out',
        }),
    }),
    links: z.object({
      total: count,
      newInRange: count,
      byKind: z.record(z.string(), count),
      items: z.array(linkSchema),
      shown: count,
      more: count,
    }),
    attendance: z.object({
      reviews: count,
      ...attendanceCounts.shape,
      byReview: z.array(z.object({ id: z.string(), title: z.string().nullable(), startsAt: instant, ...attendanceCounts.shape })),
    }),
    surveys: z.object({ responses: count, responseRate: z.number().nullable(), questions: z.array(questionSummarySchema) }),
  })
  .meta({ id: 'WriteupReport', description: "One write-up's signals over a range of days" });

const seriesEntry = z.object({
  start: day,
  end: day,
  writeups: count,
  views: count,
  engaged: count,
  readers: count,
  links: count,
  reviews: count,
  attendees: count,
  voluntary: count,
  participated: count,
  responses: count,
  linksByKind: z.record(z.string(), count),
  learned: z.record(z.string(), count),
});

export const orgReportSchema = z
  .object({
    range: rangeSchema,
    bucket: z.enum(['week', 'month']),
    series: z.array(seriesEntry),
    writeupsCover: rangeSchema.meta({ description: "The days the write-up list counts: the report's range" }),
    writeups: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        views: count,
        engaged: count,
        links: count,
        lastRead: day.nullable(),
        publishedAt: day,
        readDaysAfterPublication: count.nullable(),
      }),
    ),
  })
  .meta({ id: 'OrgReport', description: "The organization's signals over time" });

const side = z.object({ now: count, before: count });

export const digestSchema = z
  .object({
    week: rangeSchema,
    // Absent for the week starting 2000-01-01: no day before it is counted.
    previous: rangeSchema.optional(),
    figures: z.record(z.string(), side),
    linksByKind: z.array(z.object({ kind: z.string(), ...side.shape })),
    longTail: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        publishedAt: day,
        views: count.meta({ description: 'Tracked reads in the week' }),
        elsewhere: z
          .partialRecord(z.enum(READ_PLACE_IDS as [ReadPlace, ...ReadPlace[]]), count)
          .optional()
          .meta({ description: 'Each place it lives (confluence, google, microsoft): its own views in the week, beside the tracked reads' }),
      }),
    ),
    words: z.array(z.object({ writeupId: z.string(), writeupTitle: z.string(), question: z.string(), answer: z.string(), submittedAt: z.string() })),
    anniversaries: z.array(z.object({ id: z.string(), title: z.string(), publishedAt: day, mysteries: z.array(z.string()) })),
    dashboardUrl: z.string(),
  })
  .meta({ id: 'Digest', description: "A week's signals beside the week before's, in participants' words too" });

export const digestSendSchema = z
  .object({
    week: z.string(),
    destination: z.string().meta({ description: '`slack` or `email`' }),
    status: z.enum(['sending', 'sent', 'failed', 'empty']),
    attempts: count,
    claimedAt: instant,
    updatedAt: instant,
    sentAt: instant.optional(),
    error: z.string().optional(),
    nextTryAt: instant.optional(),
    detail: z.string().optional(),
  })
  .meta({ id: 'DigestDelivery', description: "What happened to a week's digest at one destination" });
