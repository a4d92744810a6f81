import * as z from 'zod';
import type { Store } from '../data/client';
import { importOf, saveImport } from '../data/platform';
import { addDays } from '../domain/dates';
import { plural } from '../domain/words';
import {
  firehydrantReport,
  firehydrantWriteup,
  incidentIoDocument,
  incidentIoPostMortem,
  INCIDENT_PLATFORM_IDS,
  INCIDENT_PLATFORMS,
  rootlyPostMortem,
  rootlyWriteup,
  type IncidentIoIncident,
  type IncidentPlatform,
  type NotYet,
  type PostMortem,
} from '../domain/incident-platforms';
import { PlatformRefused, platformApi, type PlatformApi } from './incident-platform-api';
import type { AppDeps } from '../shared/deps';
import { incidentIoIncidentOf, registerPostMortem, type Registered } from './incident-platforms';

/** One page of a platform's post-mortems, read into the product's words, and where the next page is. */
interface Page {
  items: Array<PostMortem | NotYet>;
  next?: string;
}

/** A page is at most this many post-mortems: each may cost a call for its incident, well within every platform's rate. */
const PAGE_SIZE = 50;
/** One run reads at most this many pages (2,500 post-mortems); a bigger backlog goes on in the next run. */
const MAX_PAGES_A_RUN = 50;
/** What a page and its incidents are expected to take before one has been timed; then the slowest page so far, and half again. */
const FIRST_PAGE_MS = 5_000;

const id = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);

/** Each platform's list of post-mortems, as it documents it, and how it pages. */
const LISTS: Record<IncidentPlatform, (api: PlatformApi, cursor: string | undefined, since: string | undefined) => Promise<Page>> = {
  // `GET /v1/postmortem_documents`: a cursor (`after`), oldest first; no filter by time, so older ones are passed over here.
  'incident-io': async (api, cursor, since) => {
    const answer = await api.get(
      'v1/postmortem_documents',
      { page_size: PAGE_SIZE, after: cursor, sort_by: 'created_at_oldest_first' },
      z.looseObject({
        postmortem_documents: z.array(incidentIoDocument).max(1_000),
        pagination_meta: z.looseObject({ after: z.string().max(200).nullish() }).nullish(),
      }),
    );
    const documents = (answer?.postmortem_documents ?? []).filter((d) => !since || (d.updated_at ?? d.created_at ?? '') >= since);
    const incidents = new Map<string, Promise<IncidentIoIncident | undefined>>();
    const items: Page['items'] = [];
    for (const document of documents) {
      const incidentId = document.incident_id ?? '';
      if (!incidents.has(incidentId)) incidents.set(incidentId, incidentIoIncidentOf(api, incidentId));
      items.push(incidentIoPostMortem(document, await incidents.get(incidentId)));
    }
    const after = answer?.pagination_meta?.after;
    return { items, ...(after && answer.postmortem_documents.length ? { next: after } : {}) };
  },
  // `GET /v1/post_mortems` (JSON:API): numbered pages, filtered by when each was created.
  rootly: async (api, cursor, since) => {
    const answer = await api.get(
      'v1/post_mortems',
      { 'page[number]': cursor ?? 1, 'page[size]': PAGE_SIZE, ...(since ? { 'filter[created_at][gte]': since } : {}) },
      z.looseObject({
        data: z.array(z.looseObject({ id, attributes: rootlyPostMortem.omit({ id: true }) })).max(1_000),
        meta: z.looseObject({ next_page: z.number().int().nullish() }).nullish(),
      }),
    );
    const next = answer?.meta?.next_page;
    return {
      items: (answer?.data ?? []).map((resource) => rootlyWriteup({ ...resource.attributes, id: resource.id })),
      ...(next && answer.data.length ? { next: String(next) } : {}),
    };
  },
  // `GET /v1/post_mortems/reports`: numbered pages, filtered by when each was last changed.
  firehydrant: async (api, cursor, since) => {
    const answer = await api.get(
      'v1/post_mortems/reports',
      { page: cursor ?? 1, per_page: PAGE_SIZE, ...(since ? { updated_since: since } : {}) },
      z.looseObject({
        data: z.array(firehydrantReport).max(1_000),
        pagination: z.looseObject({ next: z.number().int().nullish() }).nullish(),
      }),
    );
    const next = answer?.pagination?.next;
    return { items: (answer?.data ?? []).map(firehydrantWriteup), ...(next && answer.data.length ? { next: String(next) } : {}) };
  },
};

export interface PlatformImportReport {
  platform: IncidentPlatform;
  /** Gone through to the last page; false: stopped (its time, or its pages a run), and the next run goes on where it stopped. */
  done: boolean;
  since?: string;
  pages: number;
  /** Calls made to the platform, retries included. */
  calls: number;
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
  skipped: number;
  /** Each said once: a post-mortem skipped and why, or what stopped the run. */
  problems: string[];
}

/**
 * Registers a platform's post-mortems (`since` a day, or all), page by page:
 * each page's post-mortems become write-ups (`registerPostMortem`: never one
 * twice), then where the next page is is saved. A run that stops (its
 * `deadline`, its pages, a refusal) goes on from there the next time it is
 * asked for the same `since`; one asked for another `since` starts over. The
 * daily pull asks for none: it goes from a day before the last complete run.
 */
export async function importFromPlatform(
  store: Store,
  api: PlatformApi,
  now: Date,
  options: { since?: string; daily?: boolean; deadline?: number; pages?: number } = {},
): Promise<PlatformImportReport> {
  const platform = api.platform;
  const state = await importOf(store, platform);
  const since = options.since ?? (options.daily && state?.completedFrom ? addDays(state.completedFrom.slice(0, 10), -1) : undefined);
  const resume = state?.cursor !== undefined && (state.since ?? '') === (since ?? '');
  let cursor = resume ? state.cursor : undefined;
  const startedAt = resume && state.startedAt ? state.startedAt : now.toISOString();
  const report: PlatformImportReport = {
    platform,
    done: false,
    ...(since ? { since } : {}),
    pages: 0,
    calls: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    archived: 0,
    skipped: 0,
    problems: [],
  };
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  let pageMs = FIRST_PAGE_MS;
  try {
    while (report.pages < (options.pages ?? MAX_PAGES_A_RUN)) {
      // The run stops before a page that would not end by its deadline.
      const pageStarted = Date.now();
      if (pageStarted + pageMs > deadline) break;
      const page = await LISTS[platform](api, cursor, since);
      report.pages++;
      for (const item of page.items) count(report, await registerPostMortem(store, item, now), item);
      pageMs = Math.max(pageMs, (Date.now() - pageStarted) * 1.5);
      cursor = page.next;
      if (!cursor) {
        await saveImport(store, { platform, completedFrom: startedAt, updatedAt: now.toISOString() });
        report.done = true;
        break;
      }
      await saveImport(store, { platform, since, cursor, startedAt, completedFrom: state?.completedFrom, updatedAt: now.toISOString() });
    }
  } catch (error) {
    if (!(error instanceof PlatformRefused)) throw error;
    report.problems.push(`${error.message}; what was registered stays, and the next run goes on from page ${report.pages + 1}.`);
  }
  if (!report.done && !report.problems.length)
    report.problems.push(`Stopped after ${plural(report.pages, 'page')} to keep within its time: run it again to go on.`);
  return { ...report, calls: api.calls() };
}

function count(report: PlatformImportReport, registered: Registered, item: PostMortem | NotYet) {
  report[registered.outcome]++;
  if (registered.outcome === 'skipped' && report.problems.length < 20) {
    const what = `${INCIDENT_PLATFORMS[item.source.platform].name} post-mortem ${item.source.id}${'title' in item ? ` (${item.title})` : ''}`;
    report.problems.push(`${what}: ${registered.reason}.`);
  }
}

/** The platforms pulled daily: those that send no webhook about post-mortems. */
export const PULLED_DAILY = INCIDENT_PLATFORM_IDS.filter((platform) => !INCIDENT_PLATFORMS[platform].webhook);

/** The daily pull of each platform set up here that sends no webhook for its post-mortems (FireHydrant). */
export async function dailyPulls(store: Store, platforms: AppDeps['incidentPlatforms'], now: Date, deadline?: number): Promise<PlatformImportReport[]> {
  const reports: PlatformImportReport[] = [];
  for (const platform of PULLED_DAILY) {
    const api = platforms?.[platform]?.api;
    if (api) reports.push(await importFromPlatform(store, platformApi(platform, api), now, { daily: true, deadline }));
  }
  return reports;
}
