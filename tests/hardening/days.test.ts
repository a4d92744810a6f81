import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { OPERATIONS } from '../../functions/operations';
import { INCIDENT_PLATFORM_IDS } from '../../functions/domain/incident-platforms';
import type { AppDeps } from '../../functions/shared/deps';
import type { Operation } from '../../functions/shared/operation';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { ADMIN_TOKEN, adminHeaders, loginCookie, testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';

// One GET with a day before year 0000 used to stop the server: the day
// arithmetic wrote "-000001-12", adding a day to it gave it back, and the
// loop over the range's days never ended while the heap grew. Days are now
// 2000-01-01 to 2999-12-31 and every loop over days is bounded.

const OWN = 'https://signals.example.com';
/** How long any one answer may take, however odd the day asked for. */
const ANSWER_MS = 5_000;

let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  deps = await testDeps();
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'probe', { publishedAt: '2026-01-05' });
  cookie = await loginCookie(deps);
});

interface ProbeLine {
  path: string;
  status: number;
  ms: number;
  heapMb: number;
  body: string;
}

/**
 * Asks the app in a child process with a small heap, killed after `limitMs`:
 * a request that loops forever ends the child, never this test.
 */
function probe(paths: string[], limitMs = 20_000): Promise<{ lines: ProbeLine[]; exit: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', new URL('../helpers/day-probe.ts', import.meta.url).pathname], {
      env: {
        ...process.env,
        PROBE_ENDPOINT: inject('dynamoEndpoint'),
        PROBE_TABLE: deps.store.table,
        PROBE_TOKEN: ADMIN_TOKEN,
        PROBE_PATHS: JSON.stringify(paths),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ProbeLine);
      resolve({ lines, exit: signal ? `killed (${signal}) after ${limitMs} ms` : `exit ${code}`, stderr: stderr.slice(-600) });
    });
  });
}

let probePassed = false;

describe('the crafted days of the report', () => {
  it('answer 400 in milliseconds, each in a process of its own that would die or be killed if it looped', async () => {
    const crafted = ['/api/digest?week=0000-01-01', '/api/writeups/probe/report?to=0000-01-01', '/api/report?from=0000-01-01&to=0000-03-01'];
    // One after the other: a child that spins must not starve the next of the machine's CPUs.
    const probes = [];
    for (const path of crafted) probes.push(await probe([path]));
    probes.forEach(({ lines, exit, stderr }, i) => {
      // Each crafted day says what happened to it, whichever of them fail.
      expect
        .soft(
          lines.map((l) => l.path),
          `GET ${crafted[i]}: the probe stopped (${exit}) without an answer; its last words: ${stderr}`,
        )
        .toEqual([crafted[i]]);
      for (const line of lines) {
        expect.soft(line.status, line.path).toBe(400);
        expect.soft(line.ms, line.path).toBeLessThan(1_000);
        expect.soft(line.body, line.path).toContain('must be a day from 2000-01-01 to 2999-12-31');
      }
    });
    expect(probes.every(({ lines }) => lines.length === 1)).toBe(true);
    recordFigure(`days: ${probes.map(({ lines: [l] }) => `GET ${l!.path} answered ${l!.status} in ${l!.ms} ms (heap ${l!.heapMb} MB)`).join('; ')}`);
    probePassed = true;
  }, 120_000);
});

// What a client could send where a day goes: far past and future dates, ISO-looking strings with odd
// years and days, timestamps, and any text.
const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
const anyInstant = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true });
const dayLike = fc.oneof(
  anyInstant.map((d) => d.toISOString().slice(0, 10)),
  anyInstant.map((d) => d.toISOString()),
  fc.date({ min: new Date('1990-01-01'), max: new Date('3010-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(m)}-${pad(d)}`),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '0000-01-01',
    '-000001-12-01',
    '+010000-01-01',
    '+275760-09-13',
    '-271821-04-20',
    '1999-12-31',
    '2000-01-01',
    '2999-12-31',
    '3000-01-01',
    '2000-02-29',
    '2100-02-29',
    'NaN',
    'Infinity',
    '',
    '2026-01-01T00:00:00+23:59',
    '0000-01-01T00:00:00+01:00',
    '9999-12-31T23:59-23:59',
    '9'.repeat(5_000),
  ),
);
/** A timestamp-looking value where a date and time go (a review's start). */
const instantLike = fc.oneof(
  dayLike,
  dayLike.map((day) => `${day}T10:00:00Z`),
);

/**
 * The test's own reading of the contract (not the product's code): a real day
 * written YYYY-MM-DD from 2000-01-01 to 2999-12-31, or a date and time whose
 * UTC day is one.
 */
const isDay = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '2000-01-01' && value <= '2999-12-31' && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
function onSomeDay(value: string): boolean {
  if (isDay(value)) return true;
  const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isFinite(time) && isDay(new Date(time).toISOString().slice(0, 10));
}

type DayParam = { where: 'query' | 'body'; name: string };

type Schema = { safeParse?: (value: unknown) => { success: boolean }; meta?: () => Record<string, unknown> | undefined; unwrap?: () => Schema };
/** A field's own schema, without `optional()` or `nullable()` around it. */
const unwrapped = (schema: Schema): Schema => (schema.unwrap ? unwrapped(schema.unwrap()) : schema);
/**
 * Whether a declared field takes a day, read from its schema: it says so
 * (`format: date` or `date-time`), or it does what a day's check does: takes
 * a day or a timestamp and refuses words that are none (an id or free text
 * takes them). A field added to any operation is found either way.
 */
function takesDay(field: unknown): boolean {
  const schema = unwrapped(field as Schema);
  const format = schema.meta?.()?.format ?? (field as Schema).meta?.()?.format;
  if (format === 'date' || format === 'date-time') return true;
  if (!schema.safeParse) return false;
  const takes = ['2026-01-05', '2026-01-05T10:00:00Z'].some((value) => schema.safeParse!(value).success);
  return takes && !schema.safeParse('not-a-day').success && !schema.safeParse('no day at all').success;
}

/** An object schema's fields, also through a transform after it (a review's body reads its start in its zone). */
const shapeOf = (schema: unknown): Record<string, unknown> => {
  const object = schema as { shape?: Record<string, unknown>; in?: { shape?: Record<string, unknown> } } | undefined;
  return object?.shape ?? object?.in?.shape ?? {};
};
const jsonSchemaOf = (op: Operation) => (op.request?.body?.content?.['application/json'] as { schema?: unknown } | undefined)?.schema;

/** Every operation that takes a day, a week or a range, as its declaration says. */
const TAKING_DAYS = OPERATIONS.filter((op) => !op.page)
  .map((op) => ({
    op,
    params: [
      ...Object.entries(shapeOf(op.request?.query))
        .filter(([, field]) => takesDay(field))
        .map(([name]): DayParam => ({ where: 'query', name })),
      ...Object.entries(shapeOf(jsonSchemaOf(op)))
        .filter(([, field]) => takesDay(field))
        .map(([name]): DayParam => ({ where: 'body', name })),
    ],
  }))
  .filter((entry) => entry.params.length > 0);

/**
 * Every page a browser GETs, each asked with the days pages read from their
 * address (`from`, `to`, `week`): pages declare no query, so all of them are
 * asked, and a new page is too.
 */
const PAGE_DAYS = ['from', 'to', 'week'];
const PAGES = OPERATIONS.filter((op) => op.page && op.method === 'get').map((op) => op.path.replace(/\{[^}]+\}/g, 'probe'));

let made = 0;
/** What else a body needs to reach its days: a new id to create, a dry run to recount. */
const restOfBody = (op: Operation): Record<string, unknown> =>
  op.operationId === 'createWriteup'
    ? { id: `days-${++made}`, title: 'Days', url: 'https://docs.example.com/days' }
    : op.operationId === 'recount'
      ? { dryRun: true }
      : {};

async function timed(label: string, answer: () => Response | Promise<Response>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([
    Promise.resolve(answer()).then(async (r) => {
      await r.arrayBuffer();
      return r;
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label} took over ${ANSWER_MS} ms`)), ANSWER_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  return { status: res.status, ms: performance.now() - started };
}

describe('arbitrary days on every operation that takes one', () => {
  beforeAll(() => {
    // In-process, a request that loops would hang the file: the probe above shows first that none does.
    if (!probePassed) throw new Error('the crafted days did not answer in the probe: arbitrary days are not thrown at this process');
  });

  it('finds them from the declarations', () => {
    const found = TAKING_DAYS.map(({ op, params }) => `${op.operationId}(${params.map((p) => p.name).join(',')})`);
    // Those known today at least; one added later is walked without a word here.
    expect(found).toEqual(
      expect.arrayContaining([
        'audit(from,to)',
        'createWriteup(incidentDate,publishedAt)',
        'exportAttendance(from,to)',
        'exportAudit(from,to)',
        'exportLinks(from,to)',
        'exportReads(from,to)',
        'exportResponses(from,to)',
        'orgReport(from,to)',
        'previewDigest(week)',
        'recount(from,to)',
        'scheduleReview(startsAt)',
        'updateWriteup(incidentDate,publishedAt)',
        'writeupReport(from,to)',
      ]),
    );
    // A go-link's `from` is where the click came from (a kind), not a day.
    expect(found.filter((f) => f.startsWith('goLink'))).toEqual([]);
    expect(PAGES).toEqual(expect.arrayContaining(['/', '/writeups/probe', '/audit', '/digest']));
  });

  it('dashboard pages refuse a day outside the bounds with a 400 page saying which', async () => {
    for (const url of ['/?to=0000-01-01', '/writeups/probe?from=1999-12-31&to=2000-01-05', '/audit?to=3000-01-01', '/digest?week=0000-01-01']) {
      const res = await app.request(`${OWN}${url}`, { headers: { cookie, accept: 'text/html' } });
      expect.soft(res.status, url).toBe(400);
      expect.soft(await res.text(), url).toContain('must be a day from 2000-01-01 to 2999-12-31');
    }
  });

  it('no page links to a week before the first the product knows', async () => {
    const first = await app.request(`${OWN}/digest?week=2000-01-01`, { headers: { cookie, accept: 'text/html' } });
    expect(first.status).toBe(200);
    expect(await first.text()).not.toContain('The week before');
    const second = await app.request(`${OWN}/digest?week=2000-01-08`, { headers: { cookie, accept: 'text/html' } });
    expect(await second.text()).toContain('href="/digest?week=2000-01-01">The week before');
  });

  it("the dashboard's forms say a date outside the bounds next to its field", async () => {
    const post = (path: string, fields: Record<string, string>) =>
      app.request(`${OWN}${path}`, {
        method: 'POST',
        headers: { cookie, origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const review = await post('/writeups/probe/reviews', { startsLocal: '1999-12-31T10:00', timeZone: 'UTC' });
    expect(review.status).toBe(400);
    const page = await review.text();
    // Next to the field that says when: the form has no field named after the API's `startsAt`.
    expect(page).toMatch(/name="startsLocal"[\s\S]*must be on a day from 2000-01-01 to 2999-12-31/);
    const writeup = await post('/writeups', { id: 'days-form', title: 'Days', url: 'https://docs.example.com/days-form', publishedAt: '1999-12-31' });
    expect(writeup.status).toBe(400);
    expect(await writeup.text()).toMatch(/name="publishedAt"[\s\S]*must be a day from 2000-01-01 to 2999-12-31/);
  });

  it('answers each within 5 s, a day that is none with a 400, never a 5xx, and the heap stays flat', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let asked = 0;
    let slowest = 0;
    const statuses = new Map<number, number>();
    const note = (status: number, ms: number) => {
      asked++;
      slowest = Math.max(slowest, ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };

    for (const { op, params } of TAKING_DAYS) {
      // A path parameter that must be one of a few names (an incident platform) is one, so the days are what is asked.
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'platform' ? INCIDENT_PLATFORM_IDS[0]! : 'probe'));
      await fc.assert(
        fc.asyncProperty(fc.tuple(...params.map((p) => fc.option(p.name === 'startsAt' ? instantLike : dayLike, { nil: undefined }))), async (values) => {
          const query = new URLSearchParams();
          const body: Record<string, unknown> = restOfBody(op);
          params.forEach((param, i) => {
            const value = values[i];
            if (value === undefined) return;
            if (param.where === 'query') query.set(param.name, value);
            else body[param.name] = value;
          });
          const url = `${OWN}${path}${query.size ? `?${query}` : ''}`;
          const hasBody = op.method !== 'get';
          const label = `${op.method.toUpperCase()} ${url} ${hasBody ? JSON.stringify(body).slice(0, 200) : ''}`;
          const { status, ms } = await timed(label, () =>
            app.request(url, { method: op.method.toUpperCase(), headers: adminHeaders, ...(hasBody ? { body: JSON.stringify(body) } : {}) }),
          );
          note(status, ms);
          expect((status >= 200 && status < 300) || (status >= 400 && status < 500), `${label}: ${status}`).toBe(true);
          // Whatever else a request gets wrong, a value that names no day of the product's is refused.
          if (values.some((value) => value !== undefined && !onSomeDay(value))) expect(status, label).toBe(400);
        }),
        { numRuns: 25 },
      );
    }

    for (const page of PAGES) {
      await fc.assert(
        fc.asyncProperty(fc.tuple(...PAGE_DAYS.map(() => fc.option(dayLike, { nil: undefined }))), async (values) => {
          const query = new URLSearchParams();
          PAGE_DAYS.forEach((name, i) => values[i] !== undefined && query.set(name, values[i]!));
          const url = `${OWN}${page}${query.size ? `?${query}` : ''}`;
          const { status, ms } = await timed(`GET ${url}`, () => app.request(url, { headers: { cookie, accept: 'text/html' } }));
          note(status, ms);
          expect(status, `GET ${url}`).toBeLessThan(500);
        }),
        { numRuns: 15 },
      );
    }

    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    recordFigure(
      `days: ${asked} requests with arbitrary days over ${TAKING_DAYS.length} operations and ${PAGES.length} pages, ` +
        `answers ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}, slowest ${Math.round(slowest)} ms, heap ${grownMb >= 0 ? '+' : ''}${grownMb.toFixed(1)} MB`,
    );
    expect(slowest).toBeLessThan(ANSWER_MS);
    // Flat: an endless list of days grows by hundreds of megabytes a second.
    expect(grownMb).toBeLessThan(64);
  }, 600_000);
});
