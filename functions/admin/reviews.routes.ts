import * as z from 'zod';
import { attendanceRecordSchema } from '../domain/attendance';
import { attendeeNameSchema, mergeAttendeesSchema } from '../domain/attendance';
import { patchReviewSchema, reopenCheckinSchema, surveyLinksSchema } from '../domain/review';
import { json, jsonBody, operations } from '../shared/operation';
import { attendeeSchema, reviewLinksSchema, reviewPeopleShape, surveyTemplateSchema } from '../shared/schemas';

const byId = z.object({ id: z.string().max(64).meta({ description: "The review's id" }) });

const attendanceSchema = z.object({ attendees: z.number().int(), voluntary: z.number().int(), participated: z.number().int() });

/** A review as the API shows it, with its attendance (names for facilitators and admins). */
const reviewSchema = z.object({
  id: z.string(),
  writeupId: z.string(),
  title: z.string().optional(),
  startsAt: z.string(),
  timeZone: z.string().optional(),
  anonymous: z.boolean(),
  template: surveyTemplateSchema,
  createdAt: z.string(),
  checkinReopenedUntil: z.string().optional(),
  cancelledAt: z.string().optional().meta({ description: 'When it was cancelled: its links answer 410 and nothing of it counts' }),
  ...reviewLinksSchema.shape,
  attendance: attendanceSchema,
  ...reviewPeopleShape,
  attendees: z.array(attendeeSchema).optional().meta({ description: 'For facilitators and admins' }),
});

/** `/api/reviews/{id}`: a review with its attendance, the facilitator's record, the check-in, single-use survey links. */
export const reviewRoutes = operations(
  'admin',
  { name: 'reviews', description: 'Review meetings: attendance, check-in, survey links' },
  {
    getReview: {
      method: 'get',
      path: '/api/reviews/{id}',
      access: 'viewer',
      summary: 'A review with its attendance (names for facilitators and admins)',
      request: { params: byId },
      responses: { 200: json(reviewSchema, 'The review') },
    },
    editReview: {
      method: 'patch',
      path: '/api/reviews/{id}',
      access: 'facilitator',
      action: 'review.edit',
      summary: 'Reschedule or edit a review (its calendar invitation’s SEQUENCE goes up; attendance moves with its day)',
      request: { params: byId, body: jsonBody(patchReviewSchema) },
      responses: { 200: json(reviewSchema, 'The review, changed') },
      errors: { 409: 'The review was cancelled: it cannot be changed' },
    },
    cancelReview: {
      method: 'post',
      path: '/api/reviews/{id}/cancel',
      access: 'facilitator',
      action: 'review.cancel',
      summary: 'Cancel a review: its links answer 410, its invitation becomes a cancellation, nothing of it counts',
      request: { params: byId },
      responses: { 200: json(reviewSchema, 'The review, cancelled (cancelling again answers the same)') },
    },
    mailInvitation: {
      method: 'post',
      path: '/api/reviews/{id}/invite',
      access: 'facilitator',
      action: 'review.invite',
      summary: 'Mail the calendar invitation to each invitee with an address (and, after the review, a single-use survey link each, then one reminder)',
      request: { params: byId },
      responses: {
        200: json(
          z.object({
            sent: z.array(z.string()).meta({ description: 'Who was mailed' }),
            failed: z.array(z.object({ name: z.string(), reason: z.string() })).meta({ description: 'Who could not be, and why' }),
          }),
          'Mailed (each invitee on their own)',
        ),
      },
      errors: { 409: 'No invitee has an address, the review was cancelled, or mail is not set up (DIGEST_EMAIL_FROM with SMTP_URL, or SES)' },
    },
    removeAttendee: {
      method: 'delete',
      path: '/api/reviews/{id}/attendees/{name}',
      access: 'facilitator',
      action: 'attendance.remove',
      summary: 'Remove a mistaken attendance record (counts follow)',
      request: { params: byId.extend({ name: attendeeNameSchema }) },
      responses: { 200: json(z.object({ attendance: attendanceSchema, attendees: z.array(attendeeSchema) }), 'The attendance without that record') },
    },
    mergeAttendees: {
      method: 'post',
      path: '/api/reviews/{id}/attendees/merge',
      access: 'facilitator',
      action: 'attendance.merge',
      summary: 'Make two attendance records that are one person one (counts follow)',
      request: { params: byId, body: jsonBody(mergeAttendeesSchema) },
      responses: { 200: json(z.object({ attendance: attendanceSchema, attendees: z.array(attendeeSchema) }), 'The attendance, the two records one') },
    },
    recordAttendance: {
      method: 'post',
      path: '/api/reviews/{id}/attendance',
      access: 'facilitator',
      action: 'attendance.record',
      summary: "The facilitator's record of who came",
      request: { params: byId, body: jsonBody(attendanceRecordSchema) },
      responses: { 200: json(z.object({ attendance: attendanceSchema, attendees: z.array(attendeeSchema) }), 'The attendance, merged with the check-ins') },
    },
    reopenCheckin: {
      method: 'post',
      path: '/api/reviews/{id}/checkin',
      access: 'facilitator',
      action: 'checkin.reopen',
      summary: "Reopen a review's check-in for some hours",
      request: { params: byId, body: jsonBody(reopenCheckinSchema) },
      responses: {
        200: json(
          z.object({ open: z.boolean(), opensAt: z.string(), closesAt: z.string(), reopenedUntil: z.string().nullable() }),
          'When the check-in is open now',
        ),
      },
    },
    mintSurveyLinks: {
      method: 'post',
      path: '/api/reviews/{id}/survey-links',
      access: 'facilitator',
      action: 'survey-links.create',
      summary: 'Make single-use survey links',
      request: { params: byId, body: jsonBody(surveyLinksSchema) },
      responses: { 201: json(z.object({ urls: z.array(z.string()) }), 'The links, each good for one response') },
    },
  },
);
