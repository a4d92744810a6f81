import type { PlatformImportReport } from '../functions/services/incident-imports';
/** The product's admin API, as the scanner uses it. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface Api {
  writeups(): Promise<Array<{ id: string; url: string; copies: string[] }>>;
  registerLinks(links: Array<{ writeup: string; url: string; kind: string; via: 'scan' }>): Promise<{ created: number; existing: number; refused: number }>;
  recount(request: { from: string; to: string; writeup?: string; dryRun: boolean }): Promise<RecountAnswer>;
  importWriteups(csv: string, dryRun: boolean): Promise<ImportAnswer>;
  importPlace(place: string): Promise<{ writeups: number; days: number; calls: number; left: number; problems: string[] }>;
  importPlatform(platform: string, since?: string): Promise<PlatformStep>;
}

/** One step of a platform's backfill: what it registered, and whether it got to the end (as the API answers it). */
export type PlatformStep = PlatformImportReport;

/** What an import answered: the rows (imported, or checked in a dry run), or the problems by line. */
export type ImportAnswer =
  | { ok: true; created?: number; rows: Array<{ line: number; id: string; title: string; url: string }> }
  | { ok: false; message: string; problems: Array<{ path: string; message: string }> };

export interface RecountAnswer {
  corrections: Array<{ rollup: string; of: string; writeupId?: string; counter: string; was: number; now: number }>;
  notes: string[];
}

export function productApi(baseUrl: string, token: string): Api {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (path: string, init: RequestInit = {}, acceptRefusal = false) => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
      const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (error as Error).message;
      throw new ApiFailure(`Cannot reach Learning Signals at ${base} (${reason}). Is LEARNING_SIGNALS_URL right and the server up?`, 3);
    }
    if (acceptRefusal && (res.status === 400 || res.status === 409)) return { refused: await res.json() };
    if (res.status === 401)
      throw new ApiFailure(
        `Learning Signals at ${base} refused the token (wrong, expired or revoked). Check LEARNING_SIGNALS_TOKEN, or make a new one at ${base}/tokens.`,
        4,
      );
    if (res.status === 403) {
      const said = ((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? 'not allowed';
      throw new ApiFailure(
        `Learning Signals at ${base} did not allow ${init.method ?? 'GET'} ${path.split('?')[0]}: ${said} Use a token made by a facilitator or an admin.`,
        4,
      );
    }
    if (!res.ok) {
      const text = await res.text();
      let said = text.slice(0, 300);
      try {
        said = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? said;
      } catch {
        // Not the product's JSON error: its text as it came.
      }
      throw new ApiFailure(`Learning Signals answered ${res.status} to ${path.split('?')[0]}: ${said}`, 3);
    }
    return res.json();
  };
  return {
    async writeups() {
      const all: Array<{ id: string; url: string; copies: string[] }> = [];
      let after: string | undefined;
      do {
        const page = await call(`/api/writeups?limit=100${after ? `&after=${after}` : ''}`);
        all.push(...page.writeups.map((w: { id: string; url: string; copies?: string[] }) => ({ id: w.id, url: w.url, copies: w.copies ?? [] })));
        after = page.next;
      } while (after);
      return all;
    },
    registerLinks: (links) => call('/api/links', { method: 'POST', body: JSON.stringify({ links }) }),
    recount: (request) => call('/api/recount', { method: 'POST', body: JSON.stringify(request) }),
    importPlace: (place) => call(`/api/import/${encodeURIComponent(place)}`, { method: 'POST', body: '{}' }),
    importPlatform: (platform, since) =>
      call(`/api/import/${encodeURIComponent(platform)}${since ? `?since=${encodeURIComponent(since)}` : ''}`, { method: 'POST', body: '{}' }),
    async importWriteups(csv, dryRun) {
      const answer = await call('/api/writeups/import', { method: 'POST', body: JSON.stringify({ csv, dryRun }) }, true);
      if (answer.refused) return { ok: false, message: answer.refused.error.message, problems: answer.refused.error.issues ?? [] };
      return { ok: true, created: answer.created, rows: answer.rows };
    },
  };
}
