import * as z from 'zod';

/** One thing wrong with an input, named by its path (`tags.3`, `w`). */
export interface Issue {
  path: string;
  message: string;
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * Ids that clients make (a beacon's visit id, a survey's submission id): a
 * bad one is refused, never replaced, since a replaced id would count a
 * retried answer twice.
 */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const CLIENT_ID_MESSAGE = 'must be 8 to 64 letters, digits, _ or -';
export const clientIdSchema = z.string().regex(CLIENT_ID_PATTERN, CLIENT_ID_MESSAGE);
