import type { z } from 'zod';

/** One thing wrong with an input, named by its path (`tags.3`, `w`). */
export interface Issue {
  path: string;
  message: string;
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
