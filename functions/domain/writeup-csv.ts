import { readCsv } from './csv-read';
import { issuesOf } from './validation';
import { createWriteupSchema, splitTags, suggestId, type NewWriteup } from './writeup';

/** A backlog of write-ups from a spreadsheet: one row each, under a header naming the columns. */
export const IMPORT_COLUMNS = ['id', 'title', 'url', 'copies', 'incidentDate', 'publishedAt', 'tags'] as const;
export const MAX_IMPORT_ROWS = 500;

/** The file the import page offers to start from: every column, a tag list of each kind (the quoted cell holds commas). */
export const SAMPLE_IMPORT_CSV = [
  IMPORT_COLUMNS.join(','),
  'checkout-failover,Database failover stalled checkouts,https://wiki.example.com/pir/checkout-failover,,2025-12-28,2026-01-02,payments; database; sev2',
  ',A DNS TTL kept traffic on a dead region,https://wiki.example.com/pir/dns-ttl,https://docs.google.com/document/d/1dnsTTL,2026-02-08,2026-02-10,"networking, sev1"',
  '',
].join('\r\n');

export interface ImportRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  input: NewWriteup;
}

export interface RowProblem {
  line: number;
  message: string;
}

export type ImportPlan = { ok: true; rows: ImportRow[] } | { ok: false; problems: RowProblem[]; rows: ImportRow[] };

/**
 * Reads the file and checks every row as the API would (an empty id is made
 * from the title; tags are separated by `,` or `;` as in the form, copies by `;` or spaces), and ids repeated within the
 * file. Nothing is stored here: a plan with any problem is not imported.
 */
export function planImport(text: string): ImportPlan {
  const read = readCsv(text);
  if (!read.ok) return { ok: false, problems: [{ line: read.line, message: read.message }], rows: [] };
  const [header, ...body] = read.rows;
  if (!header)
    return {
      ok: false,
      problems: [{ line: 1, message: `the file is empty: it needs a header row (${IMPORT_COLUMNS.join(',')}) and a row a write-up` }],
      rows: [],
    };
  const names = header.map((cell) => cell.trim().toLowerCase());
  const column = (name: string) => names.indexOf(name.toLowerCase());
  const missing = ['title', 'url'].filter((name) => column(name) < 0);
  if (missing.length) return { ok: false, problems: [{ line: 1, message: `the header has no ${missing.join(' or ')} column` }], rows: [] };
  const unknown = names.filter((name) => name && !IMPORT_COLUMNS.map((c) => c.toLowerCase()).includes(name));
  if (unknown.length)
    return {
      ok: false,
      problems: [{ line: 1, message: `unknown column ${unknown.map((n) => `"${n}"`).join(', ')}; the columns are ${IMPORT_COLUMNS.join(', ')}` }],
      rows: [],
    };
  if (body.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      problems: [{ line: MAX_IMPORT_ROWS + 2, message: `at most ${MAX_IMPORT_ROWS} write-ups a file (this one has ${body.length})` }],
      rows: [],
    };

  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, index) => {
    const line = index + 2;
    const cell = (name: (typeof IMPORT_COLUMNS)[number]) => (column(name) >= 0 ? (cells[column(name)] ?? '').trim() : '');
    const title = cell('title');
    const candidate = {
      id: cell('id') || suggestId(title),
      title,
      url: cell('url'),
      ...(cell('incidentDate') ? { incidentDate: cell('incidentDate') } : {}),
      ...(cell('publishedAt') ? { publishedAt: cell('publishedAt') } : {}),
      ...(cell('tags') ? { tags: splitTags(cell('tags')) } : {}),
      ...(cell('copies')
        ? {
            copies: cell('copies')
              .split(/[;|\s]+/)
              .filter(Boolean),
          }
        : {}),
    };
    const parsed = createWriteupSchema.safeParse(candidate);
    if (!parsed.success) {
      problems.push({
        line,
        message: issuesOf(parsed.error)
          .map((issue) => `${issue.path || 'row'} ${issue.message}`)
          .join('; '),
      });
      return;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier) problems.push({ line, message: `id "${parsed.data.id}" is on line ${earlier} too` });
    seen.set(parsed.data.id, line);
    rows.push({ line, input: parsed.data });
  });
  return problems.length ? { ok: false, problems, rows } : { ok: true, rows };
}
