import type { Store } from '../data/client';
import { releaseHookEvent, takeHookEvent } from '../data/hook-events';
import { createWriteup, findWriteupByUrl, getWriteup, setArchived, setWriteupSource, updateWriteup, writeupOfSource } from '../data/writeups';
import {
  changesFrom,
  incidentIoDocument,
  incidentIoIncident,
  incidentIoPostMortem,
  isOlderThanKnown,
  isPostMortem,
  newWriteupOf,
  rootlyIncident,
  rootlyWriteup,
  writeupIdsFor,
  type IncidentIoDocument,
  type IncidentIoEvent,
  type IncidentIoIncident,
  type NotYet,
  type PostMortem,
  type RootlyEvent,
  type RootlyIncident,
  type WriteupSource,
} from '../domain/incident-platforms';
import { patchWriteupSchema } from '../domain/writeup';
import * as z from 'zod';
import type { PlatformApi } from './incident-platform-api';

/** What one post-mortem did to the write-ups. */
export interface Registered {
  outcome: 'created' | 'updated' | 'unchanged' | 'archived' | 'skipped';
  writeup?: string;
  /** Why it was skipped, or why nothing changed (an older delivery). */
  reason?: string;
}

/** The write-up at any of these addresses (one registered by hand at the document's URL or a copy's). */
async function writeupAtAny(store: Store, urls: string[]): Promise<string | undefined> {
  for (const url of urls) {
    const found = await findWriteupByUrl(store, url);
    if (found) return found;
  }
  return undefined;
}

/**
 * Makes a post-mortem one write-up, whatever brings it and however often: the
 * write-up it already is (by its platform and id), else one registered by hand
 * at its address or a copy's (which it then is), else a new one. A later
 * delivery updates it (`changesFrom` says what); an older one than the write-up
 * has seen changes nothing. (A deleted one is `archivePostMortem`'s.)
 */
export async function registerPostMortem(store: Store, pm: PostMortem | NotYet, now: Date): Promise<Registered> {
  if (!isPostMortem(pm)) return { outcome: 'skipped', reason: pm.skipped };
  const { platform, id } = pm.source;
  for (let attempt = 0; attempt < 3; attempt++) {
    const known = await writeupOfSource(store, platform, id);
    const found = known ?? (await writeupAtAny(store, [pm.url, ...pm.copies]));
    if (!found) {
      const created = await createNew(store, pm, now);
      if (created) return created;
      continue; // Another delivery of it made it meanwhile: update that one.
    }
    const writeup = await getWriteup(store, found);
    if (!writeup) continue; // Deleted meanwhile: look again.
    const source = { ...pm.source, ...(known ? (writeup.source?.byHand ? { byHand: true } : {}) : { byHand: true }) };
    if (!known) {
      const set = await setWriteupSource(store, writeup.id, source);
      if (set !== 'set') continue;
    }
    if (isOlderThanKnown(writeup.source, pm)) return { outcome: 'unchanged', writeup: writeup.id, reason: 'an older version than the one registered' };
    const patch = changesFrom(writeup, pm, !source.byHand);
    const changed = Object.keys(patch).length > 0;
    const sourceMoved = source.updatedAt !== writeup.source?.updatedAt || source.url !== writeup.source?.url;
    if (!changed && !sourceMoved) return { outcome: 'unchanged', writeup: writeup.id };
    await updateWriteup(store, writeup.id, changed ? patchWriteupSchema.parse(patch) : {}, now, { source });
    return { outcome: changed ? 'updated' : 'unchanged', writeup: writeup.id };
  }
  return { outcome: 'skipped', reason: 'it kept changing while being registered; the next delivery or import takes it' };
}

/** A new write-up for a post-mortem, under the first id it can take; undefined when it turned out to be registered meanwhile. */
async function createNew(store: Store, pm: PostMortem, now: Date): Promise<Registered | undefined> {
  const ids = writeupIdsFor(pm);
  for (const id of ids) {
    const made = await createWriteup(store, newWriteupOf(pm, id), now, pm.source);
    if (made !== 'exists') return { outcome: 'created', writeup: made.id };
    if (await writeupOfSource(store, pm.source.platform, pm.source.id)) return undefined;
  }
  return { outcome: 'skipped', reason: `the ids ${ids.join(' and ')} are taken by other write-ups` };
}

// ---- incident.io ----

const documentAnswer = z.looseObject({ postmortem_document: incidentIoDocument });
const documentsAnswer = z.looseObject({ postmortem_documents: z.array(incidentIoDocument).max(1_000) });
const incidentAnswer = z.looseObject({ incident: incidentIoIncident });

/** An incident.io incident's day and tags, when an API key is set. */
export async function incidentIoIncidentOf(api: PlatformApi | undefined, incidentId: string | null | undefined): Promise<IncidentIoIncident | undefined> {
  if (!api || !incidentId) return undefined;
  return (await api.get(`v2/incidents/${encodeURIComponent(incidentId)}`, {}, incidentAnswer))?.incident;
}

/** A private incident's post-mortem, which its webhook names by id only: the document, or the incident's document. */
async function privateDocument(api: PlatformApi, id: string): Promise<IncidentIoDocument | undefined> {
  const document = await api.get(`v1/postmortem_documents/${encodeURIComponent(id)}`, {}, documentAnswer);
  if (document) return document.postmortem_document;
  const ofIncident = await api.get('v1/postmortem_documents', { incident_id: id, page_size: 1 }, documentsAnswer);
  return ofIncident?.postmortem_documents[0];
}

/** What an incident.io delivery did: a post-mortem registered, or why nothing was. */
export type HookResult = Registered | { outcome: 'ignored'; reason: string };

/**
 * An incident.io delivery: a post-mortem's status change registers it; with an
 * API key its incident gives the write-up its day and tags, and a private
 * incident's post-mortem (named by id only) is read from the API. A failure of
 * the API throws `PlatformRefused`: the hook answers 503 and incident.io retries.
 */
export async function incidentIoDelivery(store: Store, api: PlatformApi | undefined, event: IncidentIoEvent, now: Date): Promise<HookResult> {
  if (event.kind === 'other') return { outcome: 'ignored', reason: `${event.eventType} is not about a post-mortem` };
  if (event.kind === 'malformed') return { outcome: 'ignored', reason: event.message };
  if (event.kind === 'private') {
    if (!api) return { outcome: 'ignored', reason: 'a private incident names its post-mortem by id only: set INCIDENT_IO_API_KEY to read it' };
    const document = await privateDocument(api, event.id);
    if (!document) return { outcome: 'ignored', reason: `incident.io has no post-mortem ${event.id} this API key may read` };
    return registerPostMortem(store, incidentIoPostMortem(document, await incidentIoIncidentOf(api, document.incident_id)), now);
  }
  const incident = await incidentIoIncidentOf(api, event.document.incident_id);
  return registerPostMortem(store, incidentIoPostMortem(event.document, incident, event.completed), now);
}

// ---- Rootly ----

const rootlyIncidentAnswer = z.looseObject({ data: z.looseObject({ attributes: rootlyIncident }) });

/** A Rootly incident's tags and page, when an API key is set. */
export async function rootlyIncidentOf(api: PlatformApi | undefined, incidentId: string | null | undefined): Promise<RootlyIncident | undefined> {
  if (!api || !incidentId) return undefined;
  return (await api.get(`v1/incidents/${encodeURIComponent(incidentId)}`, {}, rootlyIncidentAnswer))?.data.attributes;
}

/** A Rootly delivery: a post-mortem created, updated or published registers it; deleted archives it. */
export async function rootlyDelivery(store: Store, api: PlatformApi | undefined, event: RootlyEvent, now: Date): Promise<HookResult> {
  if (event.kind === 'other') return { outcome: 'ignored', reason: `${event.eventType} is not about a post-mortem` };
  if (event.kind === 'malformed') return { outcome: 'ignored', reason: event.message };
  if (event.eventType === 'incident_post_mortem.deleted') return archivePostMortem(store, { platform: 'rootly', id: event.postMortem.id }, now);
  const incident = await rootlyIncidentOf(api, event.postMortem.incident_id);
  return registerPostMortem(store, rootlyWriteup(event.postMortem, incident), now);
}

/** A post-mortem deleted on its platform: the write-up it is is archived (its facts stay); one never registered is left alone. */
export async function archivePostMortem(store: Store, source: Pick<WriteupSource, 'platform' | 'id'>, now: Date): Promise<Registered> {
  const id = await writeupOfSource(store, source.platform, source.id);
  const writeup = id ? await getWriteup(store, id) : undefined;
  if (!writeup) return { outcome: 'skipped', reason: 'deleted on the platform before it was registered here' };
  if (!writeup.archivedAt) await setArchived(store, writeup.id, now.toISOString());
  return { outcome: 'archived', writeup: writeup.id };
}

/** Takes a delivery for work, once (by the platform's id for it, the same in every retry): false when taken before. */
export const takeDelivery = (store: Store, platform: string, deliveryId: string, now: Date) => takeHookEvent(store, platform, deliveryId, now);

/** Gives a delivery back when its work failed, so the platform's retry does it. */
export const giveBackDelivery = (store: Store, platform: string, deliveryId: string) => releaseHookEvent(store, platform, deliveryId);
