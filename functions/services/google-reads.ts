import * as z from 'zod';
import type { Store } from '../data/client';
import { addDays, type Day } from '../domain/dates';
import { daysFromViews, googleFileIdOf } from '../domain/read-places';
import type { GoogleSettings } from '../shared/deps';
import { jsonApi } from './json-api';
import { importPlace, type PlaceImportReport, type PlaceReader } from './place-imports';
import { googleToken } from './service-tokens';

export const GOOGLE_REPORTS_URL = 'https://admin.googleapis.com';
/** Read-only access to the audit log, and nothing else. */
export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/admin.reports.audit.readonly'];
/** The most events one page holds (the Reports API's own limit). */
const PAGE_SIZE = 1_000;
/** A bound on one document's pages a run (100,000 views in the days read): far above any write-up's readership. */
const MAX_PAGES = 100;

/** The Reports API's `activities.list` answer, the parts a view count reads. */
const activities = z.object({
  items: z
    .array(
      z.object({
        id: z.object({ time: z.string(), uniqueQualifier: z.string().optional() }),
        actor: z.object({ email: z.string().optional(), profileId: z.string().optional() }).optional(),
        events: z
          .array(
            z.object({
              name: z.string().optional(),
              parameters: z.array(z.object({ name: z.string(), value: z.string().optional(), boolValue: z.boolean().optional() })).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  nextPageToken: z.string().optional(),
});

/** Google's words for a refusal of the whole setup: the key, the delegation, the administrator's privilege, the API switched off. */
const SETUP_REFUSALS = new Set(['bad_key', 'unauthorized_client', 'invalid_grant', 'invalid_client', 'authError', 'accessNotConfigured', 'forbidden']);
const QUOTA = /"reason"\s*:\s*"(rateLimitExceeded|userRateLimitExceeded|quotaExceeded)"/;

/**
 * The daily import of Google Docs, Sheets and Slides views (`importPlace`):
 * Drive's `view` events of each write-up's file in the Admin SDK Reports API,
 * read as a service account acting for an administrator, counted per UTC day
 * (views, and distinct viewers a day, who are not kept). Events can come hours
 * late, so the last three days are read again and replaced.
 */
export async function importGoogle(
  store: Store,
  settings: GoogleSettings,
  now: Date,
  options: { retrySite?: boolean; deadline?: number } = {},
): Promise<PlaceImportReport> {
  const api = jsonApi({
    name: 'Google',
    url: settings.apiUrl ?? GOOGLE_REPORTS_URL,
    token: googleToken({
      serviceAccountKey: settings.serviceAccountKey,
      subject: settings.subject,
      scopes: GOOGLE_SCOPES,
      tokenUrl: settings.apiUrl ? `${settings.apiUrl.replace(/\/+$/, '')}/token` : undefined,
    }),
    refused: 'refused the service account',
    timeoutMs: settings.timeoutMs,
    retryable403: (body) => QUOTA.test(body),
  });
  const reader: PlaceReader<string> = {
    place: 'google',
    addressOf: googleFileIdOf,
    pageOf: async (fileId) => fileId,
    async read(fileId: string, days: Day[]) {
      const views: Array<{ time: string; viewer: string }> = [];
      const seen = new Set<string>();
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await api.get(
          'admin/reports/v1/activity/users/all/applications/drive',
          {
            eventName: 'view',
            filters: `doc_id==${fileId}`,
            startTime: `${days[0]}T00:00:00.000Z`,
            endTime: `${addDays(days.at(-1)!, 1)}T00:00:00.000Z`,
            maxResults: PAGE_SIZE,
            pageToken,
          },
          activities,
        );
        for (const activity of answer?.items ?? []) {
          for (const [index, event] of (activity.events ?? []).entries()) {
            const parameter = (name: string) => event.parameters?.find((p) => p.name === name);
            // Only the views of this file a person made: an event caused by another (primary_event false) is not one.
            if (event.name !== 'view' || parameter('doc_id')?.value !== fileId || parameter('primary_event')?.boolValue === false) continue;
            const key = `${activity.id.time}/${activity.id.uniqueQualifier ?? ''}/${index}`;
            if (seen.has(key)) continue;
            seen.add(key);
            views.push({ time: activity.id.time, viewer: activity.actor?.profileId ?? activity.actor?.email ?? 'someone outside the organization' });
          }
        }
        pageToken = answer?.nextPageToken;
        if (!pageToken) break;
      }
      return daysFromViews(days, views);
    },
    calls: () => api.calls(),
    stopsAll: (error) => SETUP_REFUSALS.has(error.reason ?? '') || error.status === 401,
  };
  return importPlace(store, reader, now, options);
}
