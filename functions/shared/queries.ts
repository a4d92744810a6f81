import * as z from 'zod';
import { MAX_RANGE_DAYS } from '../domain/report-range';

/**
 * Query parameters several operations take, described once. The days are
 * read by the domain's range rules (`resolveRange`), which also know the
 * defaults and the longest range; here they are declared for the document
 * and the generated client.
 */
const day = (description: string) => z.string().max(40).optional().meta({ format: 'date', description });

export const rangeQuery = z.object({
  from: day('First day, inclusive (UTC); default: 89 days before `to`'),
  to: day(`Last day, inclusive (UTC); default: today. A range covers at most ${MAX_RANGE_DAYS} days`),
});

export const bucketQuery = z.object({
  bucket: z
    .string()
    .max(10)
    .optional()
    .meta({ enum: ['week', 'month'], default: 'month', description: 'Group the series by week or by month' }),
});
