import * as z from 'zod';
import { json, operations } from '../shared/operation';
import { dayParam } from '../shared/queries';
import { digestSchema, digestSendSchema, rangeSchema } from '../shared/schemas';

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
      summary: 'The weekly digest of the latest week (or ?week= its first day), with what happened to it at each destination',
      request: {
        query: z.object({
          week: dayParam('The first day of the week, no later than the first of the latest week a digest covers; default: that week'),
        }),
      },
      responses: {
        200: json(
          z.object({
            week: rangeSchema.extend({ dueAt: z.string().optional() }),
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
