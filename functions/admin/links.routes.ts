import * as z from 'zod';
import { LINK_KINDS, registerLinkSchema } from '../domain/links';
import { writeupIdSchema } from '../domain/writeup';
import { json, jsonBody, operations } from '../shared/operation';

export const batchSchema = z.strictObject({
  links: z
    .array(registerLinkSchema.extend({ writeup: writeupIdSchema.meta({ description: 'The id of the write-up it points at' }) }))
    .min(1)
    .max(100)
    .meta({ description: 'The links, 1 to 100; each write-up must exist' }),
});

/** `POST /api/links`: many links at once (the repository scanner sends its findings in batches). */
export const linkBatchRoutes = operations(
  'admin',
  { name: 'links', description: 'Links registered in bulk' },
  {
    registerLinks: {
      method: 'post',
      path: '/api/links',
      access: 'facilitator',
      action: 'link.register-batch',
      summary: 'Register up to 100 links at once (the repository scanner)',
      request: { body: jsonBody(batchSchema) },
      responses: {
        200: json(
          z.object({
            created: z.number().int(),
            existing: z.number().int(),
            refused: z.number().int(),
            results: z.array(
              z.object({
                writeup: z.string(),
                url: z.string().nullable(),
                kind: z.enum(LINK_KINDS).optional(),
                status: z.enum(['created', 'existing', 'refused']),
                message: z.string().optional().meta({ description: 'Why it was refused' }),
              }),
            ),
          }),
          'Each link answered on its own: created, existing, or why it was refused',
        ),
      },
    },
  },
);
