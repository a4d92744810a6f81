import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Store } from '../data/client';
import { knownAddress, rememberAddress } from '../data/platform';
import { addDays, type Day } from '../domain/dates';
import { isMicrosoftDocument, sharingIdOf, type PlaceDay } from '../domain/read-places';
import type { MicrosoftSettings } from '../shared/deps';
import { ApiRefused, jsonApi } from './json-api';
import { importPlace, type PlaceImportReport, type PlaceReader } from './place-imports';
import { microsoftToken } from './service-tokens';

export const MICROSOFT_GRAPH_URL = 'https://graph.microsoft.com';
/** `getActivitiesByInterval` takes ranges under 90 days. */
const MAX_DAYS_A_CALL = 89;
const MAX_PAGES = 20;

const driveItem = z.object({ id: z.string().min(1), parentReference: z.object({ driveId: z.string().min(1) }) });
const activityStats = z.object({
  value: z.array(
    z.object({
      startDateTime: z.string(),
      // A facet with no activity is left out: no access that day.
      access: z.object({ actionCount: z.number().int().nonnegative().optional(), actorCount: z.number().int().nonnegative().optional() }).optional(),
    }),
  ),
  '@odata.nextLink': z.string().optional(),
});

/** Entra's and Graph's words for a refusal of the whole setup: the app's secret, the app itself, a permission not granted. */
const SETUP_REFUSALS = new Set(['invalid_client', 'unauthorized_client', 'invalid_request', 'InvalidAuthenticationToken']);

/**
 * The daily import of SharePoint and OneDrive views (`importPlace`): each
 * write-up's URL resolved once to its drive item (`/shares/{url}/driveItem`,
 * remembered), then Microsoft Graph's `getActivitiesByInterval` by UTC day:
 * `access.actionCount` views and `access.actorCount` distinct viewers. Days it
 * is still filling in are read again and replaced.
 */
export async function importMicrosoft(
  store: Store,
  settings: MicrosoftSettings,
  now: Date,
  options: { retrySite?: boolean; deadline?: number } = {},
): Promise<PlaceImportReport> {
  const api = jsonApi({
    name: 'Microsoft Graph',
    url: `${(settings.graphUrl ?? MICROSOFT_GRAPH_URL).replace(/\/+$/, '')}/v1.0`,
    token: microsoftToken({ tenantId: settings.tenantId, clientId: settings.clientId, clientSecret: settings.clientSecret, loginUrl: settings.loginUrl }),
    refused: 'refused the app',
    timeoutMs: settings.timeoutMs,
  });
  const reader: PlaceReader<string> = {
    place: 'microsoft',
    addressOf: (url) => (isMicrosoftDocument(url) ? url : undefined),
    async pageOf(url) {
      const code = createHash('sha256').update(url).digest('base64url').slice(0, 32);
      const known = await knownAddress(store, 'microsoft', code);
      if (known) return known;
      const item = await api.get(`shares/${sharingIdOf(url)}/driveItem`, { $select: 'id,parentReference' }, driveItem);
      if (!item) return undefined;
      const pageId = `${item.parentReference.driveId}/${item.id}`;
      await rememberAddress(store, 'microsoft', code, pageId, now);
      return pageId;
    },
    async read(pageId: string, days: Day[]) {
      const [drive, itemId] = pageId.split('/') as [string, string];
      const counted = new Map<Day, PlaceDay>();
      for (let first = 0; first < days.length; first += MAX_DAYS_A_CALL) {
        const from = days[first]!;
        const to = addDays(days[Math.min(days.length, first + MAX_DAYS_A_CALL) - 1]!, 1);
        let path: string | undefined =
          `drives/${encodeURIComponent(drive)}/items/${encodeURIComponent(itemId)}/getActivitiesByInterval(startDateTime='${from}T00:00:00Z',endDateTime='${to}T00:00:00Z',interval='day')`;
        for (let page = 0; path && page < MAX_PAGES; page++) {
          const answer: z.output<typeof activityStats> | undefined = await api.get(path, {}, activityStats);
          if (!answer) throw new ApiRefused(404, "Microsoft Graph no longer finds its item (deleted, or out of the app's reach)", 'itemNotFound');
          for (const stat of answer.value) {
            const time = Date.parse(stat.startDateTime);
            if (Number.isNaN(time)) continue;
            const day = new Date(time).toISOString().slice(0, 10);
            counted.set(day, { day, views: stat.access?.actionCount ?? 0, viewers: stat.access?.actorCount ?? 0 });
          }
          path = answer['@odata.nextLink'];
        }
      }
      // A day Graph does not list had no activity.
      return days.map((day) => counted.get(day) ?? { day, views: 0, viewers: 0 });
    },
    calls: () => api.calls(),
    // A missing permission, or a tenant without SharePoint Online ("Tenant does not have a SPO license"), is the whole tenant's.
    stopsAll: (error) =>
      SETUP_REFUSALS.has(error.reason ?? '') || (error.status === 403 && /roles claim/i.test(error.message)) || /SPO license/i.test(error.message),
  };
  return importPlace(store, reader, now, options);
}
