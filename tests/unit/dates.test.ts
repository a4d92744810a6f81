import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { addDays, dayOf, daysBetween, eachDay, instantDay, MAX_DAY, MAX_DAYS_LISTED, MIN_DAY, parseDay, readDay } from '../../functions/domain/dates';
import { composeDigestOf, digestSpans } from '../../functions/domain/digest';
import { buildOrgReport, monthsOf, previousRange } from '../../functions/domain/org-report';
import { MAX_RANGE_DAYS, resolveRange } from '../../functions/domain/report-range';
import { createReviewSchema } from '../../functions/domain/review';
import { createWriteupSchema, publishedDay, type Writeup } from '../../functions/domain/writeup';
import { daysToRead } from '../../functions/domain/read-places';

const BOUNDS = 'must be a day from 2000-01-01 to 2999-12-31';
const FORM = 'must be a day written YYYY-MM-DD';

describe('the days the product knows', () => {
  it('are 2000-01-01 to 2999-12-31', () => {
    expect([MIN_DAY, MAX_DAY]).toEqual(['2000-01-01', '2999-12-31']);
  });

  it.each([
    ['2000-01-01', '2000-01-01'],
    ['2999-12-31', '2999-12-31'],
    ['2000-02-29', '2000-02-29'],
    ['2026-11-23', '2026-11-23'],
  ])('takes %s', (value, day) => {
    expect(parseDay(value)).toBe(day);
    expect(readDay(value)).toEqual({ ok: true, day });
  });

  it.each(
    (
      [
        ['1999-12-31', BOUNDS],
        ['3000-01-01', BOUNDS],
        ['0000-01-01', BOUNDS],
        ['9999-12-31', BOUNDS],
        ['-000001-12-01', FORM],
        ['+010000-01-01', FORM],
        ['2100-02-29', FORM],
        ['2026-02-30', FORM],
        ['NaN', FORM],
        ['', FORM],
        ['2026-1-1', FORM],
        [' 2026-01-01', FORM],
        ['2026-01-01T00:00:00Z', FORM],
        ['2026-01-01'.repeat(10_000), FORM],
      ] as Array<[string, string]>
    ).map(([value, message]) => [value.length > 40 ? `${value.slice(0, 20)}… (${value.length} characters)` : value, value, message]),
  )('refuses %s', (_label, value, message) => {
    expect(parseDay(value)).toBeUndefined();
    expect(readDay(value)).toEqual({ ok: false, message });
  });

  it('reads a very long string at once', () => {
    const started = performance.now();
    expect(readDay('9'.repeat(5_000_000)).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('date arithmetic keeps full ISO dates', () => {
  it('across the bounds, leap days and centuries', () => {
    expect(addDays('2000-01-01', -1)).toBe('1999-12-31');
    expect(addDays('2999-12-31', 1)).toBe('3000-01-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2000-01-01', '2999-12-31')).toBe(365_242);
    expect(daysBetween('2000-03-01', '2000-02-28')).toBe(-2);
  });

  it('never writes a negative or six-digit year: it refuses instead', () => {
    // The old arithmetic turned 0000-01-01 less a day into "-000001-12", and that day plus one into itself.
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('-000001-12', 1)).toThrow(RangeError);
    expect(() => addDays('NaN', 1)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', Number.NaN)).toThrow(RangeError);
    expect(() => daysBetween('-000001-12', '0000-01-01')).toThrow(RangeError);
    expect(() => dayOf(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => dayOf(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => dayOf(new Date(Date.UTC(-1, 11, 31)))).toThrow(RangeError);
  });

  it('lists the days of a range, and refuses a list longer than a range and the one before it', () => {
    expect(eachDay('1999-12-31', '2000-01-02')).toEqual(['1999-12-31', '2000-01-01', '2000-01-02']);
    expect(eachDay('2026-01-02', '2026-01-01')).toEqual([]);
    expect(MAX_DAYS_LISTED).toBe(2 * MAX_RANGE_DAYS);
    expect(eachDay('2000-01-01', addDays('2000-01-01', MAX_DAYS_LISTED - 1))).toHaveLength(MAX_DAYS_LISTED);
    expect(() => eachDay('2000-01-01', addDays('2000-01-01', MAX_DAYS_LISTED))).toThrow(RangeError);
    expect(() => eachDay('2000-01-01', '2999-12-31')).toThrow(RangeError);
    expect(() => eachDay('-000001-12', '0000-01-07')).toThrow(RangeError);
  });

  it("an instant's day is known only within the bounds", () => {
    expect(instantDay(Date.parse('2000-01-01T00:00:00Z'))).toBe('2000-01-01');
    expect(instantDay(Date.parse('1999-12-31T23:59:59.999Z'))).toBeUndefined();
    expect(instantDay(Date.parse('2999-12-31T23:59:59.999Z'))).toBe('2999-12-31');
    expect(instantDay(Date.parse('3000-01-01T00:00:00Z'))).toBeUndefined();
    expect(instantDay(Number.NaN)).toBeUndefined();
    expect(instantDay(8.64e15)).toBeUndefined();
  });
});

describe('every day the product derives stays within the bounds', () => {
  const now = new Date('2000-01-15T12:00:00Z');

  it('the default 90 days ending today start no earlier than 2000-01-01', () => {
    expect(resolveRange({}, now)).toEqual({ ok: true, range: { from: '2000-01-01', to: '2000-01-15' } });
    expect(resolveRange({ to: '2000-01-01' }, now)).toEqual({ ok: true, range: { from: '2000-01-01', to: '2000-01-01' } });
  });

  it('a range names the field outside the bounds', () => {
    expect(resolveRange({ from: '1999-12-31', to: '2000-01-05' }, now)).toEqual({ ok: false, path: 'from', message: BOUNDS });
    expect(resolveRange({ to: '0000-01-01' }, now)).toEqual({ ok: false, path: 'to', message: BOUNDS });
    expect(resolveRange({ from: '2999-12-01', to: '3000-01-01' }, now)).toEqual({ ok: false, path: 'to', message: BOUNDS });
    expect(resolveRange({ from: '2999-12-01', to: '2999-12-31' }, now)).toEqual({ ok: true, range: { from: '2999-12-01', to: '2999-12-31' } });
  });

  it('the period before a range is cut at 2000-01-01, and there is none before a range starting then', () => {
    expect(previousRange({ from: '2000-01-01', to: '2000-03-31' })).toBeUndefined();
    expect(previousRange({ from: '2000-01-10', to: '2000-01-19' })).toEqual({ from: '2000-01-01', to: '2000-01-09' });
    expect(previousRange({ from: '2026-01-10', to: '2026-01-19' })).toEqual({ from: '2025-12-31', to: '2026-01-09' });
  });

  it("a week's first bucket starts no earlier than 2000-01-01, and months end within the bounds", () => {
    const report = buildOrgReport({ from: '2000-01-01', to: '2000-01-20' }, 'week', [], [], []);
    expect(report.series.map((b) => [b.start, b.end])).toEqual([
      ['2000-01-01', '2000-01-02'],
      ['2000-01-03', '2000-01-09'],
      ['2000-01-10', '2000-01-16'],
      ['2000-01-17', '2000-01-20'],
    ]);
    expect(monthsOf({ from: '2999-12-05', to: '2999-12-31' })).toEqual({ from: '2999-12-01', to: '2999-12-31' });
    const months = buildOrgReport({ from: '2999-11-15', to: '2999-12-31' }, 'month', [], [], []);
    expect(months.series.map((b) => [b.start, b.end])).toEqual([
      ['2999-11-01', '2999-11-30'],
      ['2999-12-01', '2999-12-31'],
    ]);
  });

  it("the digest's week before, four weeks of words and year before are cut at 2000-01-01", () => {
    expect(digestSpans({ from: '2000-01-01', to: '2000-01-07' })).toEqual({
      week: { from: '2000-01-01', to: '2000-01-07' },
      previous: undefined,
      words: { from: '2000-01-01', to: '2000-01-07' },
      days: { from: '2000-01-01', to: '2000-01-07' },
      months: { from: '2000-01-01', to: '2000-01-31' },
    });
    expect(digestSpans({ from: '2000-01-04', to: '2000-01-10' })).toEqual({
      week: { from: '2000-01-04', to: '2000-01-10' },
      previous: { from: '2000-01-01', to: '2000-01-03' },
      words: { from: '2000-01-01', to: '2000-01-10' },
      days: { from: '2000-01-01', to: '2000-01-10' },
      months: { from: '2000-01-01', to: '2000-01-31' },
    });
    // A write-up dated before the bounds (stored before they were) is no anniversary of a week in 2000.
    const old: Writeup = {
      id: 'old',
      title: 'Old',
      url: 'https://docs.example.com/old',
      tags: [],
      copies: [],
      publishedAt: '1999-01-03',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const spans = digestSpans({ from: '2000-01-01', to: '2000-01-07' });
    const digest = composeDigestOf(spans, { days: [], months: [], writeups: [old] }, { reads: new Map(), responses: new Map() }, 'https://signals.example.com');
    expect(digest.anniversaries).toEqual([]);
    expect(digest.previous).toBeUndefined();
    expect(digest.figures.views).toEqual({ now: 0, before: 0 });
  });

  it("a write-up's dates and a review's start are within the bounds, or a 400 naming the field", () => {
    const writeup = { id: 'w', title: 'W', url: 'https://docs.example.com/w' };
    const issue = (input: Record<string, unknown>) => {
      const parsed = createWriteupSchema.safeParse({ ...writeup, ...input });
      return parsed.success ? parsed.data : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(issue({ incidentDate: '1999-12-31' })).toEqual([['incidentDate', BOUNDS]]);
    expect(issue({ publishedAt: '3000-01-01' })).toEqual([['publishedAt', BOUNDS]]);
    expect(issue({ publishedAt: '0000-01-01T00:00:00+01:00' })).toEqual([['publishedAt', BOUNDS]]);
    expect(issue({ publishedAt: '2999-12-31T23:00:00-02:00' })).toEqual([['publishedAt', BOUNDS]]);
    expect(issue({ publishedAt: '2100-02-29' })).toEqual([['publishedAt', 'must be an ISO 8601 date or timestamp']]);
    expect(issue({ incidentDate: '2000-01-01', publishedAt: '1999-12-31T23:00:00-02:00' })).toMatchObject({
      incidentDate: '2000-01-01',
      publishedAt: '2000-01-01T01:00:00.000Z',
    });
    const review = (startsAt: string) => {
      const parsed = createReviewSchema.safeParse({ startsAt });
      return parsed.success ? parsed.data.startsAt : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(review('2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00.000Z');
    expect(review('1999-12-31T23:59:00Z')).toEqual([['startsAt', 'must be on a day from 2000-01-01 to 2999-12-31']]);
    expect(review('0000-01-01T00:00:00+01:00')).toEqual([['startsAt', 'must be on a day from 2000-01-01 to 2999-12-31']]);
    expect(review('9999-12-31T23:59-23:59')).toEqual([['startsAt', 'must be on a day from 2000-01-01 to 2999-12-31']]);
  });

  it('a publication day stored before days were bounded, in no ISO form, counts from the write-up’s creation', () => {
    expect(publishedDay({ publishedAt: '-000001-12-31T23:00:00.000Z', createdAt: '2026-01-05T10:00:00.000Z' })).toBe('2026-01-05');
    expect(publishedDay({ publishedAt: '1999-05-01', createdAt: '2026-01-05T10:00:00.000Z' })).toBe('1999-05-01');
  });
});

describe('every loop over days is bounded', () => {
  it("a place's import resumes with at most the days one list holds, ending yesterday", () => {
    const days = daysToRead('2000-01-01', '2026-03-01');
    expect(days).toHaveLength(MAX_DAYS_LISTED);
    expect(days.at(-1)).toBe('2026-02-28');
    expect(daysToRead('2026-02-26', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28']);
    expect(daysToRead(undefined, '2026-03-01', { firstDays: 3 })).toEqual(['2026-02-26', '2026-02-27', '2026-02-28']);
  });

  it("Google's and Microsoft's imports read their last days again, which the place may still be filling in", () => {
    expect(daysToRead('2026-02-26', '2026-03-01', { reread: 3 })).toEqual(['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28']);
    expect(daysToRead('2026-02-28', '2026-03-01', { reread: 3 })).toEqual(['2026-02-26', '2026-02-27', '2026-02-28']);
  });
});

describe('the command line refuses days outside the bounds before it asks the product', () => {
  const run = async (...argv: string[]) => {
    const err: string[] = [];
    const code = await main(argv, { out: () => {}, err: (line) => err.push(line) });
    return { code, err: err.join('\n') };
  };

  it('recount --from/--to', async () => {
    expect(await run('recount', '--from', '0000-01-01', '--to', '2026-01-01')).toEqual({
      code: 2,
      err: '--from must be a day from 2000-01-01 to 2999-12-31 (got "0000-01-01").',
    });
    expect((await run('recount', '--from', '2026-01-01', '--to', '2026-02-30')).err).toBe('--to must be a day written YYYY-MM-DD (got "2026-02-30").');
  });

  it('scan --since', async () => {
    expect(await run('scan', '.', '--since', '0000-01-01')).toEqual({
      code: 2,
      err: '--since must be on a day from 2000-01-01 to 2999-12-31 (got "0000-01-01").',
    });
    expect((await run('scan', '.', '--since', '3000-01-01T00:00:00Z')).code).toBe(2);
  });
});
