import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One local server standing in for Google's Reports API and token endpoint
 * (under `/google`) and for Microsoft Graph and Entra's sign-in (under
 * `/microsoft/graph` and `/microsoft/login`), answering their documented
 * shapes, paging and errors, from fixtures a test fills: Drive `view` events,
 * drive items by URL and their daily activity. A test queues faults (a 429
 * with `Retry-After`, a 5xx) and switches the setup's refusals on.
 */

/** A service account's key as Google Cloud's console hands it out, with a fresh RSA key whose public half the stand-in checks. */
export function serviceAccount() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = {
    type: 'service_account',
    project_id: 'acme-signals',
    private_key_id: 'k1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'signals@acme-signals.iam.gserviceaccount.com',
    client_id: '1234567890',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  return { json: JSON.stringify(key), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), email: key.client_email };
}

export const GOOGLE_ADMIN = 'reports-admin@acme.example';
export const MS = { tenant: 'acme.onmicrosoft.com', clientId: '00000000-0000-0000-0000-0000000000a1', secret: 'ms-secret-value' };

export interface DriveView {
  docId: string;
  time: string;
  profileId: string;
  /** false: an event caused by another (Google's `primary_event`). */
  primary?: boolean;
  /** Another event in the same activity (an `edit`), which is not a view. */
  withEdit?: boolean;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
  });

export async function readPlaceApis(googleKey: { publicKey: string; email: string }) {
  const views: DriveView[] = [];
  /** SharePoint URLs and the drive items they resolve to. */
  const items = new Map<string, { driveId: string; id: string }>();
  /** Each item's activity: day → views and viewers. Days without activity are left out, as Graph does. */
  const activity = new Map<string, Map<string, { views: number; viewers: number }>>();
  /** Items the app may not read (`accessDenied`). */
  const denied = new Set<string>();
  const faults: Array<{ service: 'google' | 'microsoft'; status: number; headers?: Record<string, string>; body: string }> = [];
  const refusals = {
    google: undefined as undefined | 'unauthorized_client' | 'no-privilege',
    microsoft: undefined as undefined | 'expired-secret' | 'no-permission' | 'no-licence',
  };
  const requests: Array<{ service: string; path: string; status: number; at: number }> = [];
  let tokens = 0;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const path = decodeURIComponent(url.pathname);
    const service = path.startsWith('/google') ? 'google' : 'microsoft';
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      requests.push({ service, path, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const form = req.method === 'POST' ? new URLSearchParams(await body(req)) : new URLSearchParams();

    if (path === '/google/token') {
      // RFC 7523: a JWT signed with the key, for the administrator, with the scope asked.
      const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
      const ok =
        form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
        signature !== undefined &&
        createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(googleKey.publicKey, signature, 'base64url');
      if (!ok) return answer(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      const said = JSON.parse(Buffer.from(claims!, 'base64url').toString());
      if (said.iss !== googleKey.email || said.sub !== GOOGLE_ADMIN)
        return answer(400, { error: 'invalid_grant', error_description: 'Invalid email or User ID' });
      if (refusals.google === 'unauthorized_client' || said.scope !== 'https://www.googleapis.com/auth/admin.reports.audit.readonly')
        return answer(401, {
          error: 'unauthorized_client',
          error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
        });
      tokens++;
      return answer(200, { access_token: `ya29.test-${tokens}`, expires_in: 3599, token_type: 'Bearer' });
    }
    if (path === '/microsoft/login/acme.onmicrosoft.com/oauth2/v2.0/token') {
      const secret =
        form.get('client_secret') ??
        Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
          .toString()
          .split(':')[1];
      if (refusals.microsoft === 'expired-secret' || secret !== MS.secret)
        return answer(401, {
          error: 'invalid_client',
          error_description: `AADSTS7000222: The provided client secret keys for app '${MS.clientId}' are expired. Visit the Azure portal to create new keys for your app.\r\nTrace ID: 8c95acf1\r\nCorrelation ID: d65574ea\r\nTimestamp: 2026-12-03 08:00:00Z`,
          error_codes: [7000222],
        });
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'https://graph.microsoft.com/.default')
        return answer(400, { error: 'invalid_request', error_description: 'AADSTS900144: The request body must contain the following parameter.' });
      tokens++;
      return answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `eyJ0eXAi.ms-${tokens}.sig` });
    }

    const fault = faults.findIndex((f) => f.service === service);
    if (fault >= 0) {
      const [f] = faults.splice(fault, 1);
      return answer(f!.status, f!.body, f!.headers);
    }

    if (service === 'google') {
      if (!/^Bearer ya29\.test-\d+$/.test(req.headers.authorization ?? ''))
        return answer(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
      if (path !== '/google/admin/reports/v1/activity/users/all/applications/drive')
        return answer(404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
      if (refusals.google === 'no-privilege') {
        const message = 'Access denied. You are not authorized to read activity records.';
        return answer(401, {
          error: { code: 401, message, errors: [{ message, domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }] },
        });
      }
      const docId = /^doc_id==(.+)$/.exec(url.searchParams.get('filters') ?? '')?.[1];
      const from = Date.parse(url.searchParams.get('startTime') ?? '');
      const to = Date.parse(url.searchParams.get('endTime') ?? '');
      const size = Math.min(1_000, Number(url.searchParams.get('maxResults') ?? 1_000));
      const offset = Number(url.searchParams.get('pageToken')?.replace(/^A:/, '') ?? 0);
      // Newest first, as the Reports API lists them.
      const matching = views
        .filter((v) => (!docId || v.docId === docId) && Date.parse(v.time) >= from && Date.parse(v.time) < to)
        .sort((a, b) => b.time.localeCompare(a.time));
      const page = matching.slice(offset, offset + size);
      return answer(200, {
        kind: 'admin#reports#activities',
        etag: '"abc/def"',
        ...(page.length
          ? {
              items: page.map((v, i) => ({
                kind: 'admin#reports#activity',
                id: { time: v.time, uniqueQualifier: `-${offset + i}${v.docId.length}`, applicationName: 'drive', customerId: 'C03az79cb' },
                etag: '"abc/1"',
                actor: { email: `${v.profileId}@acme.example`, profileId: v.profileId, callerType: 'USER' },
                ipAddress: '203.0.113.25',
                events: [
                  ...(v.withEdit ? [{ type: 'access', name: 'edit', parameters: [{ name: 'doc_id', value: v.docId }] }] : []),
                  {
                    type: 'access',
                    name: 'view',
                    parameters: [
                      { name: 'primary_event', boolValue: v.primary ?? true },
                      { name: 'billable', boolValue: true },
                      { name: 'owner', value: 'ana@acme.example' },
                      { name: 'doc_id', value: v.docId },
                      { name: 'doc_type', value: 'document' },
                      { name: 'doc_title', value: 'Post-incident review' },
                      { name: 'visibility', value: 'shared_internally' },
                    ],
                  },
                ],
              })),
            }
          : {}),
        ...(offset + size < matching.length ? { nextPageToken: `A:${offset + size}` } : {}),
      });
    }

    // Microsoft Graph.
    const graphError = (status: number, code: string, message: string) =>
      answer(status, { error: { code, message, innerError: { date: '2026-12-03T08:00:00', 'request-id': 'r1', 'client-request-id': 'r1' } } });
    if (!/^Bearer eyJ0eXAi\.ms-\d+\.sig$/.test(req.headers.authorization ?? ''))
      return graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    if (refusals.microsoft === 'no-permission') return graphError(403, 'AccessDenied', 'Either scp or roles claim need to be present in the token.');
    // A tenant without SharePoint Online, in Graph's words.
    if (refusals.microsoft === 'no-licence') return graphError(400, 'BadRequest', 'Tenant does not have a SPO license.');
    let match = /^\/microsoft\/graph\/v1\.0\/shares\/u!([A-Za-z0-9_-]+)\/driveItem$/.exec(path);
    if (match) {
      const shared = Buffer.from(match[1]!, 'base64url').toString();
      const item = items.get(shared);
      if (!item) return graphError(404, 'itemNotFound', 'The resource could not be found.');
      if (denied.has(item.id)) return graphError(403, 'accessDenied', 'Access denied');
      return answer(200, {
        id: item.id,
        name: 'Post-incident review.docx',
        webUrl: shared,
        parentReference: { driveType: 'documentLibrary', driveId: item.driveId, id: '01PARENT', siteId: 'acme.sharepoint.com,c742fa56,064e3d40' },
      });
    }
    match =
      /^\/microsoft\/graph\/v1\.0\/drives\/([^/]+)\/items\/([^/]+)\/getActivitiesByInterval\(startDateTime='([^']+)',endDateTime='([^']+)',interval='day'\)$/.exec(
        path,
      );
    if (match) {
      const [, driveId, itemId, start, end] = match;
      const item = [...items.values()].find((i) => i.driveId === driveId && i.id === itemId);
      if (!item) return graphError(404, 'itemNotFound', 'The resource could not be found.');
      if (denied.has(item.id)) return graphError(403, 'accessDenied', 'Access denied');
      if (Date.parse(end!) - Date.parse(start!) >= 90 * 86_400_000) return graphError(400, 'invalidRequest', 'The date range must be under 90 days.');
      const days = [...(activity.get(item.id) ?? new Map()).entries()]
        .filter(([day]) => Date.parse(`${day}T00:00:00Z`) >= Date.parse(start!) && Date.parse(`${day}T00:00:00Z`) < Date.parse(end!))
        .sort(([a], [b]) => a.localeCompare(b));
      // Ten days a page, the rest behind @odata.nextLink.
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const page = days.slice(skip, skip + 10);
      const next = skip + 10 < days.length ? `http://${req.headers.host}${url.pathname}?$skiptoken=${skip + 10}` : undefined;
      return answer(200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.itemActivityStat)',
        value: page.map(([day, counts]) => ({
          startDateTime: `${day}T00:00:00.000Z`,
          endDateTime: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString(),
          isTrending: false,
          ...(counts.views ? { access: { actionCount: counts.views, actorCount: counts.viewers } } : {}),
          edit: { actionCount: 1, actorCount: 1 },
        })),
        ...(next ? { '@odata.nextLink': next } : {}),
      });
    }
    return graphError(404, 'itemNotFound', 'The resource could not be found.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: { google: `${base}/google`, graph: `${base}/microsoft/graph`, login: `${base}/microsoft/login` },
    views,
    items,
    activity,
    denied,
    faults,
    refusals,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
