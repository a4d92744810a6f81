import * as z from 'zod';
import { createReviewSchema } from '../domain/review';
import { registerLinkSchema } from '../domain/links';
import { DEFAULT_LINKS_SHOWN, MAX_LINKS_SHOWN } from '../domain/report';
import { createWriteupSchema, patchWriteupSchema, writeupIdSchema } from '../domain/writeup';
import { json, jsonBody, operations } from '../shared/operation';
import { rangeQuery } from '../shared/queries';
import { linkSchema, reviewLinksSchema, reviewSummarySchema, writeupReportSchema, writeupSchema } from '../shared/schemas';

const byId = z.object({ id: writeupIdSchema.meta({ description: "The write-up's id" }) });

/** A backlog as CSV text (the file's content), checked whole before anything is stored. */
export const importSchema = z.strictObject({
  csv: z.string().min(1, 'must hold the CSV file').max(60_000, 'at most 60,000 characters a request').meta({
    description:
      'The CSV file, as text: a header row naming its columns (title and url, and any of id, copies, incidentDate, publishedAt, tags), then a write-up a row; tags separated by commas or semicolons, copies by semicolons or spaces',
  }),
  dryRun: z.boolean().optional().meta({ description: 'Check only: the same answer as the import, nothing stored' }),
});

const importRow = z.object({
  line: z.number().int(),
  id: z.string(),
  title: z.string(),
  url: z.string(),
  copies: z.array(z.string()).optional(),
  incidentDate: z.string().optional(),
  publishedAt: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

/** `/api/writeups`: write-ups, their embed snippets, links, reviews and report. */
export const writeupRoutes = operations(
  'admin',
  { name: 'writeups', description: 'Post-incident write-ups, their links, reviews and reports' },
  {
    listWriteups: {
      method: 'get',
      path: '/api/writeups',
      access: 'viewer',
      summary: 'List write-ups',
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: 'Write-ups a page, at most 100' }),
          after: writeupIdSchema.optional().meta({ description: 'The last id of the previous page' }),
          archived: z
            .enum(['true', 'false'])
            .optional()
            .transform((value) => value === 'true')
            .meta({ description: 'true: only the archived write-ups (to restore one); without it, those not archived' }),
        }),
      },
      responses: {
        200: json(
          z.object({ writeups: z.array(writeupSchema), next: z.string().optional().meta({ description: 'Pass back as `after` for the next page' }) }),
          'A page of write-ups, by id',
        ),
      },
    },
    createWriteup: {
      method: 'post',
      path: '/api/writeups',
      access: 'facilitator',
      action: 'writeup.create',
      summary: 'Register a write-up',
      request: { body: jsonBody(createWriteupSchema) },
      responses: { 201: json(writeupSchema, 'The write-up, as stored') },
      errors: { 409: 'A write-up with that id exists already' },
    },
    importWriteups: {
      method: 'post',
      path: '/api/writeups/import',
      access: 'facilitator',
      action: 'writeup.import',
      summary: 'Import write-ups from CSV text, all or none (dryRun: check only)',
      request: { body: jsonBody(importSchema) },
      responses: {
        200: json(z.object({ dryRun: z.literal(true), rows: z.array(importRow) }), 'Checked (dryRun): every row would be imported'),
        201: json(z.object({ created: z.number().int(), rows: z.array(importRow) }), 'Imported, every row'),
      },
      errors: { 409: 'Some ids are taken; nothing was imported (a dry run says the same)' },
    },
    getWriteup: {
      method: 'get',
      path: '/api/writeups/{id}',
      access: 'viewer',
      summary: 'Read a write-up',
      request: { params: byId },
      responses: { 200: json(writeupSchema, 'The write-up') },
    },
    updateWriteup: {
      method: 'patch',
      path: '/api/writeups/{id}',
      access: 'facilitator',
      action: 'writeup.update',
      summary: 'Change a write-up',
      request: { params: byId, body: jsonBody(patchWriteupSchema) },
      responses: { 200: json(writeupSchema, 'The write-up, changed') },
    },
    archiveWriteup: {
      method: 'post',
      path: '/api/writeups/{id}/archive',
      access: 'facilitator',
      action: 'writeup.archive',
      summary: 'Archive a write-up: out of lists, pickers and the digest; its facts stay and its tracker counts',
      request: { params: byId },
      responses: { 200: json(writeupSchema, 'The write-up, archived') },
    },
    restoreWriteup: {
      method: 'post',
      path: '/api/writeups/{id}/restore',
      access: 'facilitator',
      action: 'writeup.restore',
      summary: 'Bring an archived write-up back',
      request: { params: byId },
      responses: { 200: json(writeupSchema, 'The write-up, back in lists') },
    },
    deleteWriteup: {
      method: 'delete',
      path: '/api/writeups/{id}',
      access: 'admin',
      action: 'writeup.delete',
      summary: 'Delete a write-up and every fact about it (reads, links, reviews, answers); the counts follow',
      request: { params: byId },
      responses: {
        200: json(
          z.object({
            deleted: z.string().meta({ description: "The write-up's id" }),
            reviews: z.number().int(),
            links: z.number().int(),
            daysWithReads: z.number().int(),
          }),
          'Deleted, with what went with it',
        ),
      },
    },
    writeupEmbed: {
      method: 'get',
      path: '/api/writeups/{id}/embed',
      access: 'viewer',
      summary: 'The tracker, pixel and go-link snippets to paste into a write-up',
      request: { params: byId },
      responses: { 200: json(z.object({ script: z.string(), pixel: z.string(), pixelMarkdown: z.string(), goLink: z.string() }), 'Snippets to paste') },
    },
    writeupReport: {
      method: 'get',
      path: '/api/writeups/{id}/report',
      access: 'viewer',
      summary: "One write-up's signals over a range of days",
      request: {
        params: byId,
        query: rangeQuery.extend({
          links: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_LINKS_SHOWN)
            .default(DEFAULT_LINKS_SHOWN)
            .meta({ description: 'How many links to list, busiest first' }),
        }),
      },
      responses: { 200: json(writeupReportSchema, 'The report') },
    },
    writeupLinks: {
      method: 'get',
      path: '/api/writeups/{id}/links',
      access: 'viewer',
      summary: 'The places that point at a write-up',
      request: { params: byId },
      responses: { 200: json(z.object({ links: z.array(linkSchema) }), 'Every place, as known now') },
    },
    registerLink: {
      method: 'post',
      path: '/api/writeups/{id}/links',
      access: 'facilitator',
      action: 'link.register',
      summary: 'Register a place that points at a write-up',
      request: { params: byId, body: jsonBody(registerLinkSchema) },
      responses: { 200: json(linkSchema, 'That place was known already: one link'), 201: json(linkSchema, 'A new place') },
    },
    removeLink: {
      method: 'delete',
      path: '/api/writeups/{id}/links',
      access: 'facilitator',
      action: 'link.remove',
      summary: 'Remove a place from a write-up, with its clicks; the counts follow',
      request: { params: byId, query: z.object({ url: z.string().min(1).max(2_000).meta({ description: 'The place, as listed' }) }) },
      responses: { 200: json(z.object({ removed: linkSchema }), 'The place removed') },
    },
    writeupReviews: {
      method: 'get',
      path: '/api/writeups/{id}/reviews',
      access: 'viewer',
      summary: "A write-up's reviews (invitees' names for facilitators and admins)",
      request: { params: byId },
      responses: { 200: json(z.object({ reviews: z.array(reviewSummarySchema) }), 'Every review, by start') },
    },
    scheduleReview: {
      method: 'post',
      path: '/api/writeups/{id}/reviews',
      access: 'facilitator',
      action: 'review.schedule',
      summary: 'Schedule a review; answers its check-in and survey links',
      request: { params: byId, body: jsonBody(createReviewSchema) },
      responses: {
        201: json(
          z.object({
            id: z.string(),
            ...reviewLinksSchema.shape,
            startsAt: z.string(),
            anonymous: z.boolean(),
            surveyTemplate: z.string().meta({ description: '`id@version`' }),
          }),
          'The review, with the links to hand out',
        ),
      },
    },
  },
);
