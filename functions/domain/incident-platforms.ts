import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { createWriteupSchema, MAX_COPIES, suggestId, type NewWriteup, type Writeup, type WriteupPatch } from './writeup';

/**
 * The incident platforms write-ups are born on. incident.io and Rootly send
 * webhooks when a post-mortem changes; FireHydrant sends none about
 * retrospectives, so it is pulled daily. Each can be backfilled by hand.
 * (PagerDuty is not here: it documents no API that lists its post-incident
 * reviews, see docs/integrations.md.)
 */
export const INCIDENT_PLATFORMS = {
  'incident-io': { name: 'incident.io', webhook: true },
  rootly: { name: 'Rootly', webhook: true },
  firehydrant: { name: 'FireHydrant', webhook: false },
} as const;

export type IncidentPlatform = keyof typeof INCIDENT_PLATFORMS;
export const INCIDENT_PLATFORM_IDS = Object.keys(INCIDENT_PLATFORMS) as IncidentPlatform[];
export const isIncidentPlatform = (value: string): value is IncidentPlatform => value in INCIDENT_PLATFORMS;

/** Where a write-up came from: its platform, its id there, and its page there. */
export interface WriteupSource {
  platform: IncidentPlatform;
  id: string;
  /** Its page on the platform (the incident's, or the post-mortem's own), for people to follow. */
  url?: string;
  /** When the platform last changed it, as the platform says: an older delivery changes nothing. */
  updatedAt?: string;
  /** Registered by hand before the platform said of it: its title, address and dates stay as people typed them. */
  byHand?: boolean;
}

/**
 * A post-mortem as any platform describes it, read into the product's words: a write-up's
 * own fields (`url` the document people read, `copies` its exports, `publishedAt` once it is
 * completed or published, `tags` the incident's type and severity) and where it was born.
 */
export type PostMortem = Pick<Writeup, 'title' | 'url' | 'copies' | 'incidentDate' | 'publishedAt' | 'tags'> & {
  source: WriteupSource;
};

/** A post-mortem the product cannot register yet, and why (said in the hook's answer and the import's report). */
export interface NotYet {
  skipped: string;
  source: WriteupSource;
}

const TITLE_MAX = 200;
const TAG_MAX = 40;

/** Text cut to a bound at a word where it can be, for a title the platform allows longer than ours. */
function bounded(text: string, max: number): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** A tag from a platform's name for a type or severity ("SEV 2" → "sev-2"), or none. */
export function tagOf(name: string | undefined | null): string | undefined {
  const tag = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, TAG_MAX);
  return tag || undefined;
}

/** Distinct http(s) addresses, the document's own first, at most what a write-up holds. */
function addresses(url: string, copies: Array<string | undefined | null>): string[] {
  const seen = new Set<string>([url]);
  const out: string[] = [];
  for (const copy of copies) {
    if (!copy || seen.has(copy) || !/^https?:\/\//i.test(copy) || copy.length > 2_000) continue;
    seen.add(copy);
    out.push(copy);
  }
  return out.slice(0, MAX_COPIES);
}

/**
 * A post-mortem from its parts, checked by the write-up's own rules (a title the
 * platform allows longer is cut; a URL that is no http(s) address makes it wait).
 */
export function postMortemOf(parts: {
  source: WriteupSource;
  title: string | undefined | null;
  url: string | undefined | null;
  copies?: Array<string | undefined | null>;
  incidentAt?: string | null;
  publishedAt?: string | null;
  tags?: Array<string | undefined | null>;
}): PostMortem | NotYet {
  const url = parts.url?.trim();
  if (!url || !/^https?:\/\//i.test(url) || url.length > 2_000) return { skipped: 'it has no document address yet', source: parts.source };
  const title = bounded(parts.title?.trim() || `Post-mortem ${parts.source.id}`, TITLE_MAX);
  const tags = [...new Set((parts.tags ?? []).map(tagOf).filter((tag): tag is string => Boolean(tag)))].slice(0, 20);
  const day = (value: string | null | undefined) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined);
  return {
    source: parts.source,
    title,
    url,
    copies: addresses(url, parts.copies ?? []),
    incidentDate: day(parts.incidentAt)?.slice(0, 10),
    publishedAt: day(parts.publishedAt),
    tags,
  };
}

export const isPostMortem = (value: PostMortem | NotYet): value is PostMortem => !('skipped' in value);

/**
 * The ids a new write-up from a platform tries, in order: one made from its
 * title, then the same with the platform's id (two post-mortems with one title).
 */
export function writeupIdsFor(pm: PostMortem): string[] {
  const fromTitle = suggestId(pm.title);
  const sourceId = suggestId(pm.source.id).slice(0, 20) || 'x';
  const withSource = `${(fromTitle || pm.source.platform).slice(0, 63 - sourceId.length)}-${sourceId}`.replace(/-+/g, '-');
  return [...new Set([fromTitle, withSource].filter(Boolean))];
}

/** A new write-up from a post-mortem, checked as the API checks one. */
export function newWriteupOf(pm: PostMortem, id: string): NewWriteup {
  return createWriteupSchema.parse({
    id,
    title: pm.title,
    url: pm.url,
    ...(pm.copies.length ? { copies: pm.copies } : {}),
    ...(pm.incidentDate ? { incidentDate: pm.incidentDate } : {}),
    ...(pm.publishedAt ? { publishedAt: pm.publishedAt } : {}),
    ...(pm.tags.length ? { tags: pm.tags } : {}),
  });
}

/**
 * What a post-mortem changes in the write-up it already is. What people typed
 * by hand stays theirs: a write-up made by hand keeps its title, address and
 * dates, and gains the platform's addresses as copies and its tags. One the
 * platform made follows the platform's title and dates. Nothing is ever
 * removed: a copy or tag added by hand stays. Empty when nothing changes.
 */
export function changesFrom(writeup: Writeup, pm: PostMortem, ownedByPlatform: boolean): WriteupPatch {
  const patch: WriteupPatch = {};
  const copies = [...writeup.copies];
  for (const address of [pm.url, ...pm.copies]) {
    if (address !== writeup.url && !copies.includes(address) && copies.length < MAX_COPIES) copies.push(address);
  }
  if (copies.length !== writeup.copies.length) patch.copies = copies;
  const tags = [...writeup.tags];
  for (const tag of pm.tags) if (!tags.includes(tag) && tags.length < 20) tags.push(tag);
  if (tags.length !== writeup.tags.length) patch.tags = tags;
  if (ownedByPlatform && pm.title !== writeup.title) patch.title = pm.title;
  if (pm.incidentDate && (ownedByPlatform ? pm.incidentDate !== writeup.incidentDate : !writeup.incidentDate)) patch.incidentDate = pm.incidentDate;
  // Published once: a later edit of a completed post-mortem does not move its long tail.
  if (pm.publishedAt && !writeup.publishedAt) patch.publishedAt = pm.publishedAt;
  return patch;
}

/** Whether a delivery is older than what the write-up already holds from its platform (a late retry). */
export function isOlderThanKnown(known: WriteupSource | undefined, pm: PostMortem): boolean {
  // Platforms write offsets their own way (Z, -08:00): compared as instants.
  const was = Date.parse(known?.updatedAt ?? '');
  const now = Date.parse(pm.source.updatedAt ?? '');
  return Number.isFinite(was) && Number.isFinite(now) && now < was;
}

// ---- What each platform sends, read loosely: a field it adds is ignored; one missing makes the post-mortem wait. ----

const id = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);
const text = z.string().max(20_000).nullish();
const named = z.looseObject({ name: z.string().max(200).nullish() }).nullish();

/** incident.io's post-mortem document (`PostmortemDocumentV1`), in a webhook or from `GET /v1/postmortem_documents`. */
export const incidentIoDocument = z.looseObject({
  id,
  incident_id: id.nullish(),
  title: text,
  status: z.string().max(50).nullish(),
  document_url: text,
  exported_urls: z.array(z.string().max(2_000)).max(100).nullish(),
  created_at: text,
  updated_at: text,
});
export type IncidentIoDocument = z.infer<typeof incidentIoDocument>;

/** What the write-up needs of an incident.io incident (`GET /v2/incidents/{id}`). */
export const incidentIoIncident = z.looseObject({
  id,
  reference: text,
  name: text,
  permalink: text,
  created_at: text,
  severity: named,
  incident_type: named,
  incident_timestamp_values: z
    .array(z.looseObject({ incident_timestamp: named, value: z.looseObject({ value: text }).nullish() }))
    .max(100)
    .nullish(),
});
export type IncidentIoIncident = z.infer<typeof incidentIoIncident>;

export const INCIDENT_IO_EVENTS = {
  public: 'public_incident.postmortem_document_status_updated_v1',
  private: 'private_incident.postmortem_document_status_updated_v1',
} as const;

/** What an incident.io delivery is to the product. */
export type IncidentIoEvent =
  | { kind: 'document'; eventType: string; document: IncidentIoDocument; completed: boolean }
  | { kind: 'private'; eventType: string; id: string }
  | { kind: 'other'; eventType: string }
  | { kind: 'malformed'; message: string };

/** An incident.io webhook's body: `{event_type, "<event_type>": resource}`. */
export function readIncidentIoEvent(body: unknown): IncidentIoEvent {
  const envelope = z.looseObject({ event_type: z.string().min(1).max(200) }).safeParse(body);
  if (!envelope.success) return { kind: 'malformed', message: 'the body has no event_type' };
  const eventType = envelope.data.event_type;
  const resource = (body as Record<string, unknown>)[eventType];
  if (eventType === INCIDENT_IO_EVENTS.public) {
    const change = z.looseObject({ postmortem_document: incidentIoDocument, new_status: z.string().max(50).nullish() }).safeParse(resource);
    if (!change.success) return { kind: 'malformed', message: `${eventType} carries no postmortem_document with an id` };
    const { postmortem_document: document, new_status } = change.data;
    return { kind: 'document', eventType, document, completed: new_status === 'complete' || document.status === 'completed' };
  }
  if (eventType === INCIDENT_IO_EVENTS.private) {
    const ref = z.looseObject({ id }).safeParse(resource);
    return ref.success ? { kind: 'private', eventType, id: ref.data.id } : { kind: 'malformed', message: `${eventType} carries no id` };
  }
  return { kind: 'other', eventType };
}

/** The incident's own day: a timestamp named for when impact started or it was reported, else when it was declared. */
function incidentIoStart(incident: IncidentIoIncident | undefined): string | undefined {
  const stamps = incident?.incident_timestamp_values ?? [];
  const named = (pattern: RegExp) => stamps.find((s) => pattern.test(s.incident_timestamp?.name ?? '') && s.value?.value)?.value?.value ?? undefined;
  return named(/impact start/i) ?? named(/reported/i) ?? incident?.created_at ?? undefined;
}

/** An incident.io post-mortem document as a write-up; its incident, when the API could be asked, gives its day and tags. */
export function incidentIoPostMortem(document: IncidentIoDocument, incident?: IncidentIoIncident, completed = document.status === 'completed') {
  return postMortemOf({
    source: {
      platform: 'incident-io',
      id: document.id,
      url: incident?.permalink ?? document.document_url ?? undefined,
      updatedAt: document.updated_at ?? undefined,
    },
    title: document.title ?? incident?.name,
    url: document.document_url,
    copies: document.exported_urls ?? [],
    incidentAt: incidentIoStart(incident),
    publishedAt: completed ? (document.updated_at ?? document.created_at) : undefined,
    tags: [incident?.incident_type?.name, incident?.severity?.name],
  });
}

/** Rootly's post-mortem in a webhook's `data` (flat), or a REST resource's `attributes` with its `id`. */
export const rootlyPostMortem = z.looseObject({
  id,
  incident_id: id.nullish(),
  title: text,
  status: z.string().max(50).nullish(),
  url: text,
  short_url: text,
  published_at: text,
  started_at: text,
  created_at: text,
  updated_at: text,
});
export type RootlyPostMortem = z.infer<typeof rootlyPostMortem>;

/** A JSON:API resource's name (`{data: {attributes: {name}}}`, or flat), as Rootly nests a severity or an incident type. */
const rootlyNamed = z
  .union([z.looseObject({ data: z.looseObject({ attributes: named }).nullish() }), named])
  .nullish()
  .transform((value) => {
    if (!value) return undefined;
    if ('data' in value && value.data && typeof value.data === 'object')
      return (value.data as { attributes?: { name?: string | null } | null }).attributes?.name ?? undefined;
    return (value as { name?: string | null }).name ?? undefined;
  });

/** What the write-up needs of a Rootly incident (`GET /v1/incidents/{id}`, its `data.attributes`). */
export const rootlyIncident = z.looseObject({
  title: text,
  url: text,
  started_at: text,
  created_at: text,
  severity: rootlyNamed,
  incident_types: z.array(rootlyNamed).max(50).nullish(),
});
export type RootlyIncident = z.infer<typeof rootlyIncident>;

export const ROOTLY_EVENTS = [
  'incident_post_mortem.created',
  'incident_post_mortem.updated',
  'incident_post_mortem.published',
  'incident_post_mortem.deleted',
] as const;

export type RootlyEvent =
  | { kind: 'post-mortem'; eventType: (typeof ROOTLY_EVENTS)[number]; eventId: string; postMortem: RootlyPostMortem }
  | { kind: 'other'; eventType: string; eventId?: string }
  | { kind: 'malformed'; message: string };

/** A Rootly webhook's body: `{event: {id, type, issued_at}, data}`. */
export function readRootlyEvent(body: unknown): RootlyEvent {
  const envelope = z.looseObject({ event: z.looseObject({ id: id.nullish(), type: z.string().min(1).max(200) }), data: z.unknown() }).safeParse(body);
  if (!envelope.success) return { kind: 'malformed', message: 'the body has no event with a type' };
  const { event, data } = envelope.data;
  const eventType = ROOTLY_EVENTS.find((known) => known === event.type);
  if (!eventType) return { kind: 'other', eventType: event.type, ...(event.id ? { eventId: event.id } : {}) };
  const postMortem = rootlyPostMortem.safeParse(data);
  if (!postMortem.success || !event.id) return { kind: 'malformed', message: `${event.type} carries no post-mortem with an id, or no event id` };
  return { kind: 'post-mortem', eventType, eventId: event.id, postMortem: postMortem.data };
}

/** A Rootly post-mortem as a write-up; its incident, when the API could be asked, gives its tags. */
export function rootlyWriteup(pm: RootlyPostMortem, incident?: RootlyIncident) {
  const published = pm.status === 'published';
  return postMortemOf({
    source: { platform: 'rootly', id: pm.id, url: incident?.url ?? pm.url ?? undefined, updatedAt: pm.updated_at ?? undefined },
    title: pm.title ?? incident?.title,
    url: pm.url,
    copies: [pm.short_url],
    incidentAt: pm.started_at ?? incident?.started_at ?? incident?.created_at,
    publishedAt: published ? (pm.published_at ?? pm.updated_at) : undefined,
    tags: [...(incident?.incident_types ?? []), incident?.severity],
  });
}

/** FireHydrant's retrospective report (`GET /v1/post_mortems/reports`), with its incident inside. */
export const firehydrantReport = z.looseObject({
  id,
  name: text,
  incident_id: id.nullish(),
  created_at: text,
  updated_at: text,
  incident: z
    .looseObject({
      id: id.nullish(),
      number: z.number().int().nullish(),
      name: text,
      severity: z.string().max(200).nullish(),
      started_at: text,
      created_at: text,
      incident_url: text,
      incident_type: named,
    })
    .nullish(),
});
export type FirehydrantReport = z.infer<typeof firehydrantReport>;

/**
 * A FireHydrant retrospective as a write-up. FireHydrant keeps the retrospective
 * on its incident's page, and says nowhere when one is published: the write-up
 * is that page, with no publication day until someone sets one.
 */
export function firehydrantWriteup(report: FirehydrantReport) {
  const incident = report.incident ?? undefined;
  const incidentId = incident?.id ?? report.incident_id;
  const page = incident?.incident_url ?? (incidentId ? `https://app.firehydrant.io/incidents/${encodeURIComponent(incidentId)}` : undefined);
  return postMortemOf({
    source: { platform: 'firehydrant', id: report.id, url: page, updatedAt: report.updated_at ?? undefined },
    title: report.name ?? incident?.name,
    url: page,
    incidentAt: incident?.started_at ?? incident?.created_at,
    tags: [incident?.incident_type?.name, incident?.severity],
  });
}

/** A delivery older or newer than this is refused as a replay (Standard Webhooks' bound, which incident.io's library applies too). */
export const HOOK_MAX_SKEW_SECONDS = 5 * 60;

/**
 * Rootly's `X-Rootly-Signature: t={unix seconds},v1={hex}`: HMAC-SHA256 with the
 * webhook's secret of the timestamp followed by the raw body, compared in
 * constant time; a timestamp beyond five minutes of skew is `stale`.
 */
export function rootlySignatureValid(secret: string, header: string | undefined, body: string, nowSeconds: number): 'ok' | 'stale' | 'bad' {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = parts.t;
  const signature = parts.v1;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return 'bad';
  if (Math.abs(nowSeconds - Number(timestamp)) > HOOK_MAX_SKEW_SECONDS) return 'stale';
  const expected = createHmac('sha256', secret).update(`${timestamp}${body}`).digest('hex');
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature.toLowerCase())) ? 'ok' : 'bad';
}
