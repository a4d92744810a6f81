import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * Deliveries and API answers in each platform's documented shapes (incident.io's
 * OpenAPI, Rootly's event payloads and JSON:API, FireHydrant's SDK models), built
 * here from their field lists. Each maker takes what a test changes.
 */

export const INCIDENT_IO_SECRET = `whsec_${Buffer.from('incident-io-signing-secret-for-tests').toString('base64')}`;
export const ROOTLY_SECRET = 'rootly-webhook-secret-for-tests';
export const KEYS = { 'incident-io': 'inc-api-key', rootly: 'rootly-api-key', firehydrant: 'fhb-bot-token' } as const;

/** incident.io's `PostmortemDocumentV1`. */
export function incidentIoDocument(over: Record<string, unknown> = {}) {
  return {
    id: '01HZZPMDOC0000000000000001',
    incident_id: '01HZZINCIDENT0000000000001',
    title: 'INC-42: Checkout latency after the cache failover',
    status: 'in_progress',
    type: 'in_app',
    document_url: 'https://app.incident.io/acme/incidents/42/post-mortem',
    exported_urls: [],
    editors: [{ id: '01HZZUSER00000000000000001', name: 'Ana Lima', email: 'ana@acme.example', role: 'viewer', slack_user_id: 'U0001' }],
    created_at: '2026-11-20T09:00:00Z',
    updated_at: '2026-11-20T09:00:00Z',
    ...over,
  };
}

/** incident.io's `IncidentV2`, the parts a write-up reads and a few it does not. */
export function incidentIoIncident(over: Record<string, unknown> = {}) {
  return {
    id: '01HZZINCIDENT0000000000001',
    reference: 'INC-42',
    name: 'Checkout latency after the cache failover',
    permalink: 'https://app.incident.io/acme/incidents/42',
    mode: 'standard',
    visibility: 'public',
    created_at: '2026-11-18T22:14:00Z',
    updated_at: '2026-11-20T09:00:00Z',
    severity: { id: '01SEV2', name: 'SEV 2', description: 'Partial outage', rank: 2 },
    incident_type: { id: '01TYPE', name: 'Payments', description: 'Anything about taking money', is_default: false },
    incident_status: { id: '01STATUS', name: 'Post-incident', category: 'learning' },
    incident_timestamp_values: [
      { incident_timestamp: { id: '01TS1', name: 'Impact started', rank: 1 }, value: { value: '2026-11-18T21:50:00Z' } },
      { incident_timestamp: { id: '01TS2', name: 'Resolved at', rank: 2 }, value: { value: '2026-11-18T23:40:00Z' } },
    ],
    postmortem_document_url: 'https://app.incident.io/acme/incidents/42/post-mortem',
    ...over,
  };
}

/** An incident.io delivery: `{event_type, "<event_type>": resource}`, signed with the real Standard Webhooks library. */
export function incidentIoDelivery(eventType: string, resource: unknown, options: { id?: string; at?: Date; secret?: string } = {}) {
  const body = JSON.stringify({ event_type: eventType, [eventType]: resource });
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2, 14)}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? INCIDENT_IO_SECRET).sign(id, at, body);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  };
}

export const statusChange = (document: Record<string, unknown>, previous: string, next: string) => ({
  postmortem_document: document,
  previous_status: previous,
  new_status: next,
});

/** Rootly's post-mortem as its webhooks carry it (flat, not JSON:API). */
export function rootlyPostMortem(over: Record<string, unknown> = {}) {
  return {
    id: 'b6f0c7de-1d9a-4c34-9b7e-3f1f2d9e0a11',
    incident_id: 'a1d2e3f4-0000-4000-8000-000000000042',
    title: 'Ledger lag during the Monday batch',
    status: 'draft',
    url: 'https://rootly.com/account/incidents/42-ledger-lag/retrospective',
    short_url: 'https://root.ly/pm42',
    content: '<h1>Ledger lag</h1><p>What happened…</p>',
    published_at: null,
    started_at: '2026-11-16T07:05:00.000-08:00',
    mitigated_at: '2026-11-16T07:45:00.000-08:00',
    resolved_at: '2026-11-16T08:10:00.000-08:00',
    cancelled_at: null,
    show_timeline: true,
    show_action_items: true,
    created_at: '2026-11-17T10:00:00.000-08:00',
    updated_at: '2026-11-17T10:00:00.000-08:00',
    ...over,
  };
}

/** A Rootly delivery `{event: {id, type, issued_at}, data}`, signed as Rootly documents: `t=…,v1=` HMAC-SHA256 of the timestamp and the body. */
export function rootlyDelivery(type: string, data: unknown, options: { id?: string; at?: Date; secret?: string; signature?: string } = {}) {
  const at = options.at ?? new Date();
  const body = JSON.stringify({ event: { id: options.id ?? crypto.randomUUID(), type, issued_at: at.toISOString() }, data });
  const t = String(Math.floor(at.getTime() / 1000));
  const v1 = createHmac('sha256', options.secret ?? ROOTLY_SECRET)
    .update(`${t}${body}`)
    .digest('hex');
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-rootly-signature': options.signature ?? `t=${t},v1=${v1}` }, body };
}

/** A Rootly incident (`GET /v1/incidents/{id}`, JSON:API) with a severity and a type. */
export function rootlyIncident(id: string, over: Record<string, unknown> = {}) {
  return {
    data: {
      id,
      type: 'incidents',
      attributes: {
        title: 'Ledger lag during the Monday batch',
        slug: 'ledger-lag',
        url: `https://rootly.com/account/incidents/${id}`,
        started_at: '2026-11-16T07:05:00.000-08:00',
        created_at: '2026-11-16T07:06:00.000-08:00',
        severity: { data: { id: 'sev1', type: 'severities', attributes: { name: 'SEV1', slug: 'sev1', severity: 'critical' } } },
        incident_types: [{ data: { id: 't1', type: 'incident_types', attributes: { name: 'Data', slug: 'data' } } }],
        ...over,
      },
    },
  };
}

/** FireHydrant's retrospective report (`PostMortems_PostMortemReportEntity`) with its incident inside. */
export function firehydrantReport(n: number, over: Record<string, unknown> = {}) {
  return {
    id: `rpt-${n}`,
    name: `Retrospective: queue backlog ${n}`,
    summary: 'What we learned',
    incident_id: `inc-${n}`,
    created_at: '2026-11-10T10:00:00Z',
    updated_at: '2026-11-11T09:00:00Z',
    tag_list: [],
    retrospective_shim: true,
    incident: {
      id: `inc-${n}`,
      number: 400 + n,
      name: `Queue backlog ${n}`,
      severity: 'SEV3',
      priority: 'P3',
      started_at: '2026-11-09T22:10:00Z',
      created_at: '2026-11-09T22:12:00Z',
      current_milestone: 'retrospective_completed',
      incident_type: { id: 'type-1', name: 'Platform' },
      incident_url: `https://app.firehydrant.io/incidents/inc-${n}`,
    },
    ...over,
  };
}

/**
 * One local server standing in for the three platforms' APIs, each under its own
 * prefix (`/incident-io`, `/rootly`, `/firehydrant`), answering their documented
 * shapes, paging and errors: a wrong key its 401, an unknown id its 404, and the
 * faults a test queues (a 429 with the platform's own rate-limit headers, a 5xx).
 */
export async function platformApis() {
  const documents: Array<Record<string, any>> = [];
  const incidents = new Map<string, Record<string, unknown>>();
  const rootlyPostMortems: Array<Record<string, any>> = [];
  const rootlyIncidents = new Map<string, Record<string, unknown>>();
  const reports: Array<Record<string, any>> = [];
  const faults: Array<{ platform: string; status: number; headers?: Record<string, string>; body: string }> = [];
  const requests: Array<{ platform: string; path: string; query: URLSearchParams; status: number; at: number }> = [];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const [, platform = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ platform, path, query: url.searchParams, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const key = KEYS[platform as keyof typeof KEYS];
    if (!key || req.headers.authorization !== `Bearer ${key}`) {
      if (platform === 'incident-io')
        return answer(401, {
          type: 'authentication_error',
          status: 401,
          request_id: 'r1',
          errors: [{ code: 'missing_authorization_material', message: 'No API key' }],
        });
      if (platform === 'rootly') return answer(401, { errors: [{ title: 'Unauthorized', status: '401' }] });
      return answer(401, { detail: 'Unauthorized', messages: ['Invalid token'], code: 'unauthorized' });
    }
    const fault = faults.findIndex((f) => f.platform === platform);
    if (fault >= 0) {
      const [f] = faults.splice(fault, 1);
      return answer(f!.status, f!.body, f!.headers);
    }
    const page = <T>(items: T[], number: number, size: number) => items.slice((number - 1) * size, number * size);
    if (platform === 'incident-io') {
      const notFound = { type: 'not_found', status: 404, request_id: 'r2', errors: [{ code: 'not_found', message: 'Not found' }] };
      let match = /^\/v1\/postmortem_documents\/([^/]+)$/.exec(path);
      if (match) {
        const document = documents.find((d) => d.id === match![1]);
        return document ? answer(200, { postmortem_document: document }) : answer(404, notFound);
      }
      if (path === '/v1/postmortem_documents') {
        const size = Number(url.searchParams.get('page_size') ?? 25);
        const ofIncident = url.searchParams.get('incident_id');
        let list = ofIncident ? documents.filter((d) => d.incident_id === ofIncident) : [...documents];
        if (url.searchParams.get('sort_by') !== 'created_at_oldest_first') list.reverse();
        const after = url.searchParams.get('after');
        if (after) list = list.slice(list.findIndex((d) => d.id === after) + 1);
        const items = list.slice(0, size);
        return answer(200, { postmortem_documents: items, pagination_meta: { page_size: size, ...(list.length > size ? { after: items.at(-1)!.id } : {}) } });
      }
      match = /^\/v2\/incidents\/([^/]+)$/.exec(path);
      if (match) {
        const incident = incidents.get(match[1]!);
        return incident ? answer(200, { incident }) : answer(404, notFound);
      }
      return answer(404, notFound);
    }
    if (platform === 'rootly') {
      const notFound = { errors: [{ title: 'Record not found', status: '404' }] };
      if (path === '/v1/post_mortems') {
        const number = Number(url.searchParams.get('page[number]') ?? 1);
        const size = Number(url.searchParams.get('page[size]') ?? 20);
        const since = url.searchParams.get('filter[created_at][gte]');
        const list = rootlyPostMortems.filter((pm) => !since || Date.parse(pm.created_at) >= Date.parse(since));
        const pages = Math.max(1, Math.ceil(list.length / size));
        return answer(200, {
          data: page(list, number, size).map(({ id, incident_id: _incident, published_at: _published, short_url: _short, ...attributes }) => ({
            id,
            type: 'incident_post_mortems',
            attributes,
          })),
          links: { self: path, next: number < pages ? `${path}?page[number]=${number + 1}` : null },
          meta: {
            current_page: number,
            next_page: number < pages ? number + 1 : null,
            prev_page: number > 1 ? number - 1 : null,
            total_count: list.length,
            total_pages: pages,
          },
        });
      }
      const match = /^\/v1\/incidents\/([^/]+)$/.exec(path);
      if (match && rootlyIncidents.has(match[1]!)) return answer(200, rootlyIncidents.get(match[1]!));
      return answer(404, notFound);
    }
    if (path === '/v1/post_mortems/reports') {
      const number = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('per_page') ?? 20);
      const since = url.searchParams.get('updated_since');
      const list = reports.filter((r) => !since || Date.parse(r.updated_at) >= Date.parse(since));
      const pages = Math.max(1, Math.ceil(list.length / size));
      return answer(200, {
        data: page(list, number, size),
        pagination: {
          count: list.length,
          page: number,
          items: size,
          pages,
          last: pages,
          prev: number > 1 ? number - 1 : null,
          next: number < pages ? number + 1 : null,
        },
      });
    }
    return answer(404, { detail: 'Not Found', messages: [], code: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: { 'incident-io': `${base}/incident-io`, rootly: `${base}/rootly`, firehydrant: `${base}/firehydrant` },
    documents,
    incidents,
    rootlyPostMortems,
    rootlyIncidents,
    reports,
    faults,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
