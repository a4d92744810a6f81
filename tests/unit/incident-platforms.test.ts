import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  changesFrom,
  firehydrantWriteup,
  isOlderThanKnown,
  isPostMortem,
  postMortemOf,
  readIncidentIoEvent,
  readRootlyEvent,
  rootlySignatureValid,
  tagOf,
  writeupIdsFor,
  type PostMortem,
} from '../../functions/domain/incident-platforms';
import type { Writeup } from '../../functions/domain/writeup';
import { firehydrantReport, incidentIoDocument, rootlyPostMortem, statusChange } from '../helpers/incident-platforms';

const source = { platform: 'incident-io' as const, id: '01DOC' };
const pm = (over: Partial<Parameters<typeof postMortemOf>[0]> = {}) =>
  postMortemOf({ source, title: 'Checkout latency', url: 'https://app.incident.io/acme/pm/1', ...over });

describe("Rootly's signature", () => {
  const body = '{"event":{"id":"e1","type":"incident_post_mortem.created"},"data":{"id":"p1"}}';
  const signed = (t: number, secret = 'shh') => `t=${t},v1=${createHmac('sha256', secret).update(`${t}${body}`).digest('hex')}`;
  it('accepts the timestamp and body signed with the secret, within five minutes either way', () => {
    expect(rootlySignatureValid('shh', signed(1_000_000), body, 1_000_000)).toBe('ok');
    expect(rootlySignatureValid('shh', signed(1_000_000), body, 1_000_300)).toBe('ok');
    expect(rootlySignatureValid('shh', ` t=1000000 , v1=${signed(1_000_000).split('v1=')[1]!.toUpperCase()}`, body, 1_000_000)).toBe('ok');
  });
  it('refuses another secret, another body, a stale or future timestamp, and headers that are not its shape', () => {
    expect(rootlySignatureValid('other', signed(1_000_000), body, 1_000_000)).toBe('bad');
    expect(rootlySignatureValid('shh', signed(1_000_000), `${body} `, 1_000_000)).toBe('bad');
    expect(rootlySignatureValid('shh', signed(1_000_000), body, 1_000_301)).toBe('stale');
    expect(rootlySignatureValid('shh', signed(1_000_000), body, 999_699)).toBe('stale');
    for (const header of [undefined, '', 'v1=abc', 't=1000000', `t=soon,v1=${'0'.repeat(64)}`, `t=1000000,v0=${'0'.repeat(64)}`])
      expect(rootlySignatureValid('shh', header, body, 1_000_000)).toBe('bad');
  });
});

describe("the platforms' events", () => {
  it("reads incident.io's post-mortem status change, its private variant by id, and knows the rest is not about post-mortems", () => {
    const event = 'public_incident.postmortem_document_status_updated_v1';
    const read = readIncidentIoEvent({ event_type: event, [event]: statusChange(incidentIoDocument(), 'review', 'complete') });
    expect(read).toMatchObject({ kind: 'document', completed: true, document: { id: '01HZZPMDOC0000000000000001' } });
    const inProgress = readIncidentIoEvent({ event_type: event, [event]: statusChange(incidentIoDocument(), 'not_started', 'created') });
    expect(inProgress).toMatchObject({ kind: 'document', completed: false });
    const hidden = 'private_incident.postmortem_document_status_updated_v1';
    expect(readIncidentIoEvent({ event_type: hidden, [hidden]: { id: '01PRIV' } })).toEqual({ kind: 'private', eventType: hidden, id: '01PRIV' });
    expect(readIncidentIoEvent({ event_type: 'public_incident.incident_created_v2' })).toMatchObject({ kind: 'other' });
    expect(readIncidentIoEvent({ event_type: event, [event]: { new_status: 'complete' } })).toMatchObject({ kind: 'malformed' });
    expect(readIncidentIoEvent({ nothing: true })).toMatchObject({ kind: 'malformed' });
  });

  it("reads Rootly's post-mortem events by their type and id, and the rest as other", () => {
    expect(readRootlyEvent({ event: { id: 'e1', type: 'incident_post_mortem.published', issued_at: 'x' }, data: rootlyPostMortem() })).toMatchObject({
      kind: 'post-mortem',
      eventId: 'e1',
      postMortem: { status: 'draft', incident_id: 'a1d2e3f4-0000-4000-8000-000000000042' },
    });
    expect(readRootlyEvent({ event: { id: 'e2', type: 'incident.created' }, data: {} })).toEqual({
      kind: 'other',
      eventType: 'incident.created',
      eventId: 'e2',
    });
    expect(readRootlyEvent({ event: { type: 'incident_post_mortem.created' }, data: rootlyPostMortem() })).toMatchObject({ kind: 'malformed' });
  });

  it("makes FireHydrant's report the incident's page, with its day and tags and no publication day", () => {
    expect(firehydrantWriteup(firehydrantReport(3) as never)).toMatchObject({
      url: 'https://app.firehydrant.io/incidents/inc-3',
      incidentDate: '2026-11-09',
      tags: ['platform', 'sev3'],
      publishedAt: undefined,
    });
  });
});

describe('a post-mortem, read into a write-up', () => {
  it("keeps to a write-up's bounds: a long title cut at a word, tags made lowercase words, copies each once and at most 10", () => {
    const long = pm({
      title: `${'word '.repeat(60)}end`,
      tags: ['SEV 2', 'Payments & Billing', '', null, 'sev 2'],
      copies: [...Array(14)].map((_, i) => `https://x.example/${i % 12}`),
    });
    expect(isPostMortem(long)).toBe(true);
    const read = long as PostMortem;
    expect(read.title.length).toBeLessThanOrEqual(200);
    expect(read.title.endsWith('word…')).toBe(true);
    expect(read.tags).toEqual(['sev-2', 'payments-billing']);
    expect(read.copies).toHaveLength(10);
    expect(tagOf('Ünïcode Sev!')).toBe('unicode-sev');
  });

  it('waits for a document without an http address, saying why', () => {
    expect(pm({ url: null })).toMatchObject({ skipped: 'it has no document address yet' });
    expect(pm({ url: 'notion://page/1' })).toMatchObject({ skipped: expect.any(String) });
  });

  it("takes the id from its title, then the title with the platform's id, never past 64 characters", () => {
    const ids = writeupIdsFor(pm({ title: `INC-42: ${'very long title '.repeat(8)}` }) as PostMortem);
    expect(ids[0]).toMatch(/^inc-42-very-long-title/);
    expect(ids[1]).toMatch(/-01doc$/);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
    expect(writeupIdsFor(pm({ title: '!!!' }) as PostMortem)).toEqual(['incident-io-01doc']);
  });
});

describe('what a later post-mortem changes', () => {
  const writeup: Writeup = {
    id: 'w',
    title: 'Typed by hand',
    url: 'https://wiki.example/pir/1',
    copies: ['https://copy.example/added-by-hand'],
    tags: ['team-a'],
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
  };
  const later = pm({
    title: 'Platform title',
    copies: ['https://notion.example/1'],
    tags: ['SEV1'],
    incidentAt: '2026-10-30T10:00:00Z',
    publishedAt: '2026-11-05T12:00:00Z',
  }) as PostMortem;

  it("keeps what people typed on one made by hand, adding the platform's addresses and tags", () => {
    expect(changesFrom(writeup, later, false)).toEqual({
      copies: ['https://copy.example/added-by-hand', 'https://app.incident.io/acme/pm/1', 'https://notion.example/1'],
      tags: ['team-a', 'sev1'],
      incidentDate: '2026-10-30',
      publishedAt: '2026-11-05T12:00:00.000Z',
    });
    expect(changesFrom({ ...writeup, incidentDate: '2026-10-29' }, later, false).incidentDate).toBeUndefined();
  });

  it("follows the platform's title and day on one it made, publishes once, and removes nothing", () => {
    const made = { ...writeup, title: 'Old platform title', publishedAt: '2026-11-02T00:00:00.000Z', incidentDate: '2026-10-29' };
    const patch = changesFrom(made, later, true);
    expect(patch).toMatchObject({ title: 'Platform title', incidentDate: '2026-10-30' });
    expect(patch.publishedAt).toBeUndefined();
    expect(patch.copies).toContain('https://copy.example/added-by-hand');
    expect(changesFrom({ ...made, ...patch, copies: patch.copies!, tags: patch.tags! } as Writeup, later, true)).toEqual({});
  });

  it('knows a delivery older than the one the write-up holds', () => {
    const at = (updatedAt: string) => ({ ...later, source: { ...later.source, updatedAt } });
    expect(isOlderThanKnown({ ...source, updatedAt: '2026-11-05T00:00:00Z' }, at('2026-11-04T00:00:00Z'))).toBe(true);
    expect(isOlderThanKnown({ ...source, updatedAt: '2026-11-05T00:00:00Z' }, at('2026-11-05T00:00:00Z'))).toBe(false);
    expect(isOlderThanKnown(undefined, at('2026-11-04T00:00:00Z'))).toBe(false);
    expect(isOlderThanKnown({ ...source, updatedAt: '2026-11-05T01:00:00Z' }, at('2026-11-04T20:00:00.000-08:00'))).toBe(false);
  });
});
