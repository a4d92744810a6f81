import * as z from 'zod';
import { attendanceRecordSchema } from '../domain/attendance';
import { reopenCheckinSchema, surveyLinksSchema } from '../domain/review';
import { json, jsonBody, operations } from '../shared/operation';
import { attendeeSchema, reviewLinksSchema, reviewPeopleShape, surveyTemplateSchema } from '../shared/schemas';

const byId = z.object({ id: z.string().max(64).meta({ description: "The review's id" }) });

const attendanceSchema = z.object({ attendees: z.number().int(), voluntary: z.number().int(), participated: z.number().int() });

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
      responses: {
        200: json(
          z.object({
            id: z.string(),
            writeupId: z.string(),
            title: z.string().optional(),
            startsAt: z.string(),
            timeZone: z.string().optional(),
            anonymous: z.boolean(),
            template: surveyTemplateSchema,
            createdAt: z.string(),
            checkinReopenedUntil: z.string().optional(),
            ...reviewLinksSchema.shape,
            attendance: attendanceSchema,
            ...reviewPeopleShape,
            attendees: z.array(attendeeSchema).optional().meta({ description: 'For facilitators and admins' }),
          }),
          'The review',
        ),
      },
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
