import { describe, expect, it } from 'vitest';
import { counterNames, incrementsOf, LEARNED_OPTIONS, mergeIncrements, ROLLUP_COUNTERS, type FactChange, type Increment } from '../../functions/domain/counts';
import { LINK_KINDS } from '../../functions/domain/links';
import { IMAGE_PROXIES } from '../../functions/domain/proxies';

const at = '2026-03-02T10:00:00.000Z';
const day = (visits: string[], engaged: string[] = [], extra: Record<string, unknown> = {}) => ({
  writeupId: 'db-outage',
  day: '2026-03-02',
  visits: new Set(visits),
  engaged: engaged.length ? new Set(engaged) : undefined,
  ...extra,
});

describe('what a fact adds up to', () => {
  it("a reader's first visit of the day: a view and a reader, on the write-up's day, the organization's day and the write-up's month", () => {
    expect(incrementsOf({ fact: 'readerDay', after: day(['a']), at })).toEqual([
      { rollup: 'dailyReads', writeupId: 'db-outage', day: '2026-03-02', counts: { views: 1, engaged: 0, readers: 1, engagedScroll: 0 } },
      { rollup: 'orgDay', day: '2026-03-02', counts: { views: 1, engaged: 0, readers: 1 } },
      { rollup: 'orgMonth', month: '2026-03', writeupId: 'db-outage', counts: { views: 1, engaged: 0 }, lastRead: 20260302 },
    ]);
  });

  it('a second visit is a view but not a reader; an engaged read of a known visit is an engaged read only', () => {
    const [second] = incrementsOf({ fact: 'readerDay', before: day(['a']), after: day(['a', 'b']), at });
    expect(second!.counts).toEqual({ views: 1, engaged: 0, readers: 0, engagedScroll: 0 });
    const [engagedRead] = incrementsOf({ fact: 'readerDay', before: day(['a', 'b']), after: day(['a', 'b'], ['b'], { scroll: 80 }), at });
    expect(engagedRead!.counts).toEqual({ views: 0, engaged: 1, readers: 0, engagedScroll: 80 });
  });

  it('a new visit from another site is a read referred by its link; an expired day takes nothing back', () => {
    const increments = incrementsOf({
      fact: 'readerDay',
      before: day(['a']),
      after: day(['a', 'b'], [], { refs: 1, ref: 'https://github.com/acme/api/pull/7' }),
      at,
    });
    expect(increments.at(-1)).toEqual({
      rollup: 'linkViews',
      writeupId: 'db-outage',
      url: 'https://github.com/acme/api/pull/7',
      day: '2026-03-02',
      counts: { views: 1 },
      at,
    });
    expect(incrementsOf({ fact: 'readerDay', before: day(['a']), at })).toEqual([]);
    // The next visit came straight in: the site the last one came from is still there, and counts nothing now.
    const direct = incrementsOf({
      fact: 'readerDay',
      before: day(['a', 'b'], [], { refs: 1, ref: 'https://github.com/acme/api/pull/7' }),
      after: day(['a', 'b', 'c'], [], { refs: 1, ref: 'https://github.com/acme/api/pull/7' }),
      at,
    });
    expect(direct.some((i) => i.rollup === 'linkViews')).toBe(false);
  });

  it('a write-up counts on its publication day, and moves when it changes', () => {
    expect(incrementsOf({ fact: 'writeup', after: { publishedAt: '2026-01-05', createdAt: at } })).toEqual([
      { rollup: 'orgDay', day: '2026-01-05', counts: { writeups: 1 } },
    ]);
    expect(
      incrementsOf({
        fact: 'writeup',
        before: { publishedAt: '2026-01-05', createdAt: at },
        after: { publishedAt: '2026-01-09T12:00:00.000Z', createdAt: at },
      }),
    ).toEqual([
      { rollup: 'orgDay', day: '2026-01-05', counts: { writeups: -1 } },
      { rollup: 'orgDay', day: '2026-01-09', counts: { writeups: 1 } },
    ]);
    expect(incrementsOf({ fact: 'writeup', before: { createdAt: at }, after: { createdAt: at } })).toEqual([]);
  });

  it('a link counts once by its kind, and a corrected kind moves its count on the day it was first seen', () => {
    const link = { writeupId: 'db-outage', kind: 'ticket', firstSeen: '2026-03-02T10:00:00.000Z' };
    expect(incrementsOf({ fact: 'link', after: link })).toEqual([
      { rollup: 'orgDay', day: '2026-03-02', counts: { links: 1, 'links:ticket': 1 } },
      { rollup: 'orgMonth', month: '2026-03', writeupId: 'db-outage', counts: { links: 1 } },
    ]);
    expect(incrementsOf({ fact: 'link', before: link, after: { ...link, kind: 'pull-request' } })).toEqual([
      { rollup: 'orgDay', day: '2026-03-02', counts: { 'links:ticket': -1, 'links:pull-request': 1 } },
    ]);
    // A click or a referred read changes the link, not its kind: nothing to move.
    expect(incrementsOf({ fact: 'link', before: link, after: link })).toEqual([]);
  });

  it('attendance counts what a change changed, on the review day', () => {
    const increments = incrementsOf({
      fact: 'attendee',
      before: { day: '2026-03-04', attendee: { name: 'Ana', invited: true } },
      after: { day: '2026-03-04', attendee: { name: 'Ana', invited: false, participated: true } },
    });
    expect(increments).toEqual([{ rollup: 'orgDay', day: '2026-03-04', counts: { voluntary: 1, participated: 1 } }]);
  });

  it('a review moved to another day moves its attendance; a cancelled one counts it nowhere; a record removed takes it back', () => {
    const ana = { name: 'Ana', invited: false, participated: true };
    expect(incrementsOf({ fact: 'attendee', before: { day: '2026-03-04', attendee: ana }, after: { day: '2026-03-09', attendee: ana } })).toEqual([
      { rollup: 'orgDay', day: '2026-03-04', counts: { attendees: -1, voluntary: -1, participated: -1 } },
      { rollup: 'orgDay', day: '2026-03-09', counts: { attendees: 1, voluntary: 1, participated: 1 } },
    ]);
    expect(incrementsOf({ fact: 'attendee', before: { day: '2026-03-04', attendee: ana }, after: { attendee: ana } })).toEqual([
      { rollup: 'orgDay', day: '2026-03-04', counts: { attendees: -1, voluntary: -1, participated: -1 } },
    ]);
    expect(incrementsOf({ fact: 'attendee', before: { day: '2026-03-04', attendee: ana } })).toEqual([
      { rollup: 'orgDay', day: '2026-03-04', counts: { attendees: -1, voluntary: -1, participated: -1 } },
    ]);
    expect(incrementsOf({ fact: 'review', before: { startsAt: at }, after: { startsAt: at, cancelledAt: at } })).toEqual([
      { rollup: 'orgDay', day: '2026-03-02', counts: { reviews: -1 } },
    ]);
  });

  it('a link removed takes back its count where it was counted', () => {
    const link = { writeupId: 'db-outage', kind: 'ticket', firstSeen: at };
    expect(incrementsOf({ fact: 'link', before: link })).toEqual([
      { rollup: 'orgDay', day: '2026-03-02', counts: { links: -1, 'links:ticket': -1 } },
      { rollup: 'orgMonth', month: '2026-03', writeupId: 'db-outage', counts: { links: -1 } },
    ]);
  });

  it('a response removed, or of a cancelled review, is taken back', () => {
    const response = { submittedAt: at, answers: { learned: 'yes' } };
    const back = [{ rollup: 'orgDay', day: '2026-03-02', counts: { responses: -1, 'learned:yes': -1 } }];
    expect(incrementsOf({ fact: 'response', before: response })).toEqual(back);
    expect(incrementsOf({ fact: 'response', before: response, after: { ...response, uncounted: true } })).toEqual(back);
    expect(incrementsOf({ fact: 'response', before: { ...response, uncounted: true } })).toEqual([]);
  });

  it('a response counts once, with its "learned" answer when it is one of the counted options', () => {
    expect(incrementsOf({ fact: 'response', after: { submittedAt: at, answers: { learned: 'yes' } } })).toEqual([
      { rollup: 'orgDay', day: '2026-03-02', counts: { responses: 1, 'learned:yes': 1 } },
    ]);
    expect(incrementsOf({ fact: 'response', after: { submittedAt: at, answers: { learned: 'toString' } } })[0]!.counts).toEqual({ responses: 1 });
  });

  it('merges a batch per rollup item: counters added, the latest read kept', () => {
    const merged = mergeIncrements([
      ...incrementsOf({ fact: 'readerDay', after: day(['a']), at }),
      ...incrementsOf({ fact: 'readerDay', after: { ...day(['x']), day: '2026-03-05' }, at }),
      ...incrementsOf({ fact: 'readerDay', before: day(['a']), after: day(['a', 'b']), at }),
    ]);
    expect(merged.get('day\n2026-03-02')!.counts).toEqual({ views: 2, engaged: 0, readers: 1 });
    expect(merged.get('month\n2026-03\ndb-outage')).toMatchObject({ counts: { views: 3, engaged: 0 }, lastRead: 20260305 });
  });
});

describe('the counters', () => {
  const held: Record<Increment['rollup'], readonly string[]> = {
    dailyReads: ROLLUP_COUNTERS.dailyReads,
    orgDay: ROLLUP_COUNTERS.orgPeriod,
    orgMonth: ROLLUP_COUNTERS.orgPeriod,
    linkViews: ['views'],
  };

  it('every counter a fact of any listed kind adds is one its rollup holds', () => {
    const changes: FactChange[] = [
      { fact: 'readerDay', after: day(['a', 'b'], ['a'], { scroll: 40, refs: 1, ref: 'https://github.com/acme/api/pull/7' }), at },
      { fact: 'writeup', after: { publishedAt: '2026-03-02', createdAt: at } },
      { fact: 'review', after: { startsAt: at } },
      { fact: 'attendee', after: { day: '2026-03-02', attendee: { name: 'Ana', invited: false, participated: true } } },
      ...LINK_KINDS.map((kind): FactChange => ({ fact: 'link', after: { writeupId: 'db-outage', kind, firstSeen: at } })),
      ...IMAGE_PROXIES.map(({ id }): FactChange => ({ fact: 'proxied', after: { writeupId: 'db-outage', day: '2026-03-02', proxy: id, fetches: 1 } })),
      ...LEARNED_OPTIONS.map((learned): FactChange => ({ fact: 'response', after: { submittedAt: at, answers: { learned } } })),
    ];
    const added = changes.flatMap(incrementsOf).flatMap((increment) => Object.keys(increment.counts).map((counter) => [increment.rollup, counter] as const));
    for (const kind of LINK_KINDS) expect(added).toContainEqual(['orgDay', `links:${kind}`]);
    for (const { id } of IMAGE_PROXIES) expect(added).toContainEqual(['dailyReads', `proxied:${id}`]);
    for (const option of LEARNED_OPTIONS) expect(added).toContainEqual(['orgDay', `learned:${option}`]);
    for (const [rollup, counter] of added) expect(held[rollup], `${rollup} ${counter}`).toContain(counter);
  });

  it('names a counter by kind, and reads the kind back from it', () => {
    expect(counterNames.links.of('pull-request')).toBe('links:pull-request');
    expect(counterNames.proxied.kindOf('proxied:github')).toBe('github');
    expect(counterNames.proxied.kindOf('proxied')).toBeUndefined();
    expect(counterNames.learned.kindOf('links:yes')).toBeUndefined();
  });
});
