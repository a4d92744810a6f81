import * as z from 'zod';
import type { WriteupSource } from './incident-platforms';
import { DAY_BOUNDS_MESSAGE, DAY_PATTERN, instantDay, readDay } from './dates';

export const WRITEUP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_URL_LENGTH = 2_000;

export const writeupIdSchema = z.string().regex(WRITEUP_ID_PATTERN, 'must be 1 to 64 lowercase letters, digits or dashes, starting with a letter or digit');

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const httpUrlSchema = z.string().max(MAX_URL_LENGTH).refine(isHttpUrl, 'must be an http or https URL');

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day (`2026-03-01`) or a full ISO 8601 timestamp, on a day from 2000-01-01 to 2999-12-31; stored as given, normalized. */
const isoDateSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const day = readDay(value);
    if (day.ok) return day.day;
    const time = ISO_TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
    if (day.message !== DAY_BOUNDS_MESSAGE && Number.isNaN(time)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or timestamp' });
      return z.NEVER;
    }
    // A real day outside the bounds, or a timestamp whose UTC day is, is told the bounds.
    if (day.message === DAY_BOUNDS_MESSAGE || !instantDay(time)) {
      ctx.addIssue({ code: 'custom', message: DAY_BOUNDS_MESSAGE });
      return z.NEVER;
    }
    return new Date(time).toISOString();
  });

const titleSchema = z.string().trim().min(1, 'must not be empty').max(200);
const tagsSchema = z
  .array(z.string().trim().min(1).max(40))
  .max(20)
  .transform((tags) => [...new Set(tags.map((tag) => tag.toLowerCase()))]);

/**
 * Tags as people type them, in the write-up form and in an import's cell alike:
 * separated by commas or semicolons (a CSV cell holds semicolons without quotes;
 * `|`, which older import files used, still works).
 */
export const splitTags = (text: string | undefined) =>
  (text ?? '')
    .split(/[,;|]/)
    .map((tag) => tag.trim())
    .filter(Boolean);

/** How both pages say it. */
export const TAGS_HINT = 'Separated by commas or semicolons: team, service, severity.';

/** Where else the same write-up lives (Confluence, Google Docs, Notion, a repository): at most 10, each once. */
export const MAX_COPIES = 10;
const copiesSchema = z
  .array(httpUrlSchema)
  .max(MAX_COPIES, `at most ${MAX_COPIES} copies`)
  .refine((copies) => new Set(copies).size === copies.length, 'each copy once');

// What each field of a write-up is, said once for the API's reference (create and patch alike).
const about = {
  id: 'Its id in addresses and snippets: lowercase letters, digits and dashes, at most 64',
  title: 'Its title, as people know it',
  url: 'Where the write-up is read (http or https)',
  copies: 'The same write-up elsewhere (Confluence, Google Docs, a repository), at most 10: each counts as the write-up',
  incidentDate: 'The day of the incident, YYYY-MM-DD',
  publishedAt: 'The day the write-up was published, YYYY-MM-DD: the long tail counts from it',
  tags: 'Team, service, severity …: at most 20, kept in lowercase; the organization page filters by them',
};

export const createWriteupSchema = z.strictObject({
  id: writeupIdSchema.meta({ description: about.id }),
  title: titleSchema.meta({ description: about.title }),
  url: httpUrlSchema.meta({ description: about.url }),
  copies: copiesSchema.optional().meta({ description: about.copies }),
  incidentDate: isoDateSchema.optional().meta({ description: about.incidentDate }),
  publishedAt: isoDateSchema.optional().meta({ description: about.publishedAt }),
  tags: tagsSchema.optional().meta({ description: about.tags }),
});

/** A PATCH names only what changes; `null` clears an optional field. */
export const patchWriteupSchema = z
  .strictObject({
    title: titleSchema.optional().meta({ description: about.title }),
    url: httpUrlSchema.optional().meta({ description: about.url }),
    copies: copiesSchema
      .nullable()
      .optional()
      .meta({ description: `${about.copies}; null removes them` }),
    incidentDate: isoDateSchema
      .nullable()
      .optional()
      .meta({ description: `${about.incidentDate}; null clears it` }),
    publishedAt: isoDateSchema
      .nullable()
      .optional()
      .meta({ description: `${about.publishedAt}; null clears it` }),
    tags: tagsSchema
      .nullable()
      .optional()
      .meta({ description: `${about.tags}; null removes them` }),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

export type NewWriteup = z.infer<typeof createWriteupSchema>;
export type WriteupPatch = z.infer<typeof patchWriteupSchema>;

export interface Writeup {
  id: string;
  title: string;
  url: string;
  /** The same write-up elsewhere; each counts as the write-up. */
  copies: string[];
  incidentDate?: string;
  publishedAt?: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** Archived then: out of lists, pickers and the digest; its facts stay, and its tracker counts. */
  archivedAt?: string;
  /** Born on an incident platform (incident.io, Rootly, FireHydrant): which, and its id and page there. */
  source?: WriteupSource;
}

/**
 * The day a write-up's long tail is measured from: its publication, else its
 * creation (also when the publication was stored before days were bounded in
 * a form that is no `YYYY-MM-DD` day, such as "-000001-12-31T23:00:00.000Z").
 */
export function publishedDay(writeup: Pick<Writeup, 'publishedAt' | 'createdAt'>): string {
  const published = writeup.publishedAt?.slice(0, 10);
  return published && DAY_PATTERN.test(published) ? published : writeup.createdAt.slice(0, 10);
}

export interface EmbedSnippets {
  script: string;
  pixel: string;
  pixelMarkdown: string;
  goLink: string;
}

/** What an author pastes into a write-up, for each place write-ups live. */
export function embedSnippets(publicUrl: string, id: string): EmbedSnippets {
  const base = publicUrl.replace(/\/+$/, '');
  const pixelUrl = `${base}/p.gif?w=${id}`;
  return {
    script: `<script defer src="${base}/t.js" data-writeup="${id}"></script>`,
    pixel: `<img src="${pixelUrl}" alt="" width="1" height="1">`,
    pixelMarkdown: `![](${pixelUrl})`,
    goLink: `${base}/go/${id}`,
  };
}

/** An id proposed from a title: lowercase letters, digits and dashes, at most 64 (empty when the title has none). */
export function suggestId(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** Every tag in use, with how many write-ups carry it, by name. */
export function tagCounts(writeups: Pick<Writeup, 'tags'>[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, number>();
  for (const w of writeups) for (const tag of w.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => a.tag.localeCompare(b.tag));
}
