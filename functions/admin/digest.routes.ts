import * as z from 'zod';
import { json, operations } from '../shared/operation';
import { readDay } from '../domain/dates';
import { digestSchema, digestSendSchema, rangeSchema } from '../shared/schemas';

/** `?week=current`: the week under way, so far. */
export const CURRENT_WEEK = 'current';

const destination = z.enum(['slack', 'email']);

const sendResult = z.object({
  sent: z.boolean().meta({ description: 'Sent somewhere by this call' }),
  reason: z.string().optional().meta({ description: 'Why nothing was sent ("already sent", "empty week", …)' }),
  week: rangeSchema,
  destinations: z.array(z.object({ destination, sent: z.boolean(), status: digestSendSchema.shape.status, reason: z.string().optional() })),
});

/** `/api/digest`: the weekly digest, previewed, and sent by hand. */
export const digestRoutes = operations(
  'admin',
  { name: 'digest', description: 'The weekly digest' },
  {
    previewDigest: {
      method: 'get',
      path: '/api/digest',
      access: 'viewer',
      summary: 'The weekly digest of the latest week (or ?week= its first day, or ?week=current the week so far), with what happened to it at each destination',
      request: {
        query: z.object({
          week: z
            .string()
            .superRefine((value, ctx) => {
              if (value === CURRENT_WEEK) return;
              const day = readDay(value);
              if (!day.ok) ctx.addIssue({ code: 'custom', message: `${day.message}, or current (the week so far)` });
            })
            .optional()
            .meta({
              description: `A week: its first day (YYYY-MM-DD, no later than the first of the latest week a digest covers), or \`${CURRENT_WEEK}\` for the week under way so far; default: the latest week a digest covers`,
            }),
        }),
      },
      responses: {
        200: json(
          z.object({
            week: rangeSchema.extend({
              dueAt: z.string().optional().meta({ description: "When this week's digest is (or was) due" }),
              soFar: z.boolean().optional().meta({ description: 'The week under way: its days up to today only' }),
            }),
            empty: z.boolean().meta({ description: 'Nothing to say: it would not be sent' }),
            digest: digestSchema,
            destinations: z.array(destination).meta({ description: 'Where it goes, as set up here' }),
            deliveries: z.array(digestSendSchema),
          }),
          "The week's digest",
        ),
      },
    },
    sendDigest: {
      method: 'post',
      path: '/api/digest/send',
      access: 'admin',
      action: 'digest.send',
      summary: "Send this week's digest now, to each destination it has not reached",
      responses: {
        200: json(sendResult, 'Sent where it had not gone, or why not ("already sent")'),
        502: json(sendResult, 'A destination failed; the result says which, and when it is tried again'),
      },
      errors: { 409: 'The digest has no destination set up here' },
    },
  },
);
