import * as z from 'zod';
import { MAX_DAY, MAX_RANGE_DAYS, MIN_DAY, readDay } from '../domain/dates';

/**
 * A day as a request names it (a query parameter or a body's field), checked
 * by the domain's rule (`readDay`), so the same words answer on every route and
 * page: a real day written YYYY-MM-DD, from 2000-01-01 to 2999-12-31. The range
 * rules (`resolveRange`: defaults, order, the longest range) stay in the domain.
 */
export const daySchema = z.string().superRefine((value, ctx) => {
  const day = readDay(value);
  if (!day.ok) ctx.addIssue({ code: 'custom', message: day.message });
});

/** How the document describes a day. */
export const dayMeta = (description: string) => ({ format: 'date', description: `${description}. A day from ${MIN_DAY} to ${MAX_DAY}` });

/** An optional day in a query. */
export const dayParam = (description: string) => daySchema.optional().meta(dayMeta(description));

/** Query parameters several operations take, described once. */
export const rangeQuery = z.object({
  from: dayParam('First day, inclusive (UTC); default: 89 days before `to`'),
  to: dayParam(`Last day, inclusive (UTC); default: today. A range covers at most ${MAX_RANGE_DAYS} days`),
});

/** An export's range: without it, every day. */
export const openRangeQuery = z.object({
  from: dayParam(`First day, inclusive (UTC); default: ${MIN_DAY}`),
  to: dayParam(`Last day, inclusive (UTC); default: ${MAX_DAY}`),
});

/**
 * `excel=1`: a CSV for Excel. Excel on Windows reads a CSV without a byte-order mark in the machine's
 * legacy code page (accents garbled); with one it reads UTF-8. Other spreadsheets read either.
 */
export const spreadsheetQuery = z.object({
  excel: z
    .enum(['1', '0'], { message: 'must be 1 (a CSV for Excel) or 0' })
    .optional()
    .meta({ description: '`1`: starts the file with a UTF-8 byte-order mark, for Excel' }),
});

/** `tag=`: only the write-ups carrying that tag (tags are kept in lower case, so it is read so). */
export const tagQuery = z.object({
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'must not be empty')
    .max(40)
    .optional()
    .meta({ description: "Only the write-ups carrying this tag, as the organization's page filters them; an unknown tag: no rows" }),
});

export const bucketQuery = z.object({
  bucket: z
    .string()
    .max(10)
    .optional()
    .meta({ enum: ['week', 'month'], default: 'month', description: 'Group the series by week or by month' }),
});
