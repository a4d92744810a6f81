import {
  firehydrantReport,
  incidentIoDelivery,
  incidentIoDocument,
  incidentIoIncident,
  INCIDENT_IO_SECRET,
  KEYS,
  platformApis,
  statusChange,
} from '../tests/helpers/incident-platforms';
import { fmt, startServer } from './lib';
import type { Store } from '../functions/data/client';
import { createWriteup } from '../functions/data/writeups';
import { addDays, dayOf } from '../functions/domain/dates';
import { importGoogle } from '../functions/services/google-reads';
import { importMicrosoft } from '../functions/services/microsoft-reads';
import { GOOGLE_ADMIN, MS, readPlaceApis, serviceAccount } from '../tests/helpers/read-places';

const POST_MORTEMS = 500;
const DELIVERIES = 21;
const EVENT = 'public_incident.postmortem_document_status_updated_v1';

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

/**
 * Through `npm start`'s server, with a local server answering the platforms'
 * documented shapes: a FireHydrant backfill of 500 retrospectives (as the CLI
 * drives it, step by step), the same backfill again (everything known), and
 * incident.io deliveries: a new post-mortem (with its incident read from the
 * API) and its redelivery.
 */
export async function benchPlatforms(env: Record<string, string>) {
  const apis = await platformApis();
  const server = await startServer({
    ...env,
    RATE_LIMITS: 'off',
    FIREHYDRANT_API_KEY: KEYS.firehydrant,
    FIREHYDRANT_API_URL: apis.urls.firehydrant,
    INCIDENT_IO_WEBHOOK_SECRET: INCIDENT_IO_SECRET,
    INCIDENT_IO_API_KEY: KEYS['incident-io'],
    INCIDENT_IO_API_URL: apis.urls['incident-io'],
  });
  const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
  try {
    // The server's start pull finds the API empty; the retrospectives come after it.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !apis.requests.some((r) => r.platform === 'firehydrant'); ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 1; i <= POST_MORTEMS; i++) apis.reports.push(firehydrantReport(i));

    const backfill = async () => {
      const calls = apis.requests.length;
      const started = performance.now();
      let steps = 0;
      let created = 0;
      let unchanged = 0;
      for (let done = false; !done; steps++) {
        const res = await fetch(`${server.url}/api/import/firehydrant?since=2026-11-01`, { method: 'POST', headers: admin });
        const report = await res.json();
        if (res.status !== 200) throw new Error(`the import answered ${res.status}: ${JSON.stringify(report)}`);
        ({ done } = report);
        created += report.created;
        unchanged += report.unchanged;
      }
      return { ms: performance.now() - started, steps, created, unchanged, calls: apis.requests.length - calls };
    };
    const first = await backfill();
    const again = await backfill();
    console.log(`\n## Incident platforms (npm start, a local server answering the platforms' shapes)`);
    console.log(
      `FireHydrant backfill of ${fmt(POST_MORTEMS)} retrospectives: ${fmt(first.ms)} ms in ${first.steps} step(s), ${first.calls} API calls, ${fmt(first.created)} write-ups made; ` +
        `again: ${fmt(again.ms)} ms, ${fmt(again.created)} made, ${fmt(again.unchanged)} unchanged`,
    );

    const fresh: number[] = [];
    const redelivered: number[] = [];
    for (let n = 0; n < DELIVERIES; n++) {
      const incident = `01HZZBENCHINCIDENT${String(n).padStart(8, '0')}`;
      apis.incidents.set(incident, incidentIoIncident({ id: incident, reference: `INC-${900 + n}`, name: `Bench incident ${n}` }));
      const document = incidentIoDocument({
        id: `01HZZBENCHDOC${String(n).padStart(13, '0')}`,
        incident_id: incident,
        title: `INC-${900 + n}: Bench incident ${n}`,
        document_url: `https://app.incident.io/acme/incidents/${900 + n}/post-mortem`,
      });
      const delivery = incidentIoDelivery(EVENT, statusChange(document, 'not_started', 'created'));
      for (const times of [fresh, redelivered]) {
        const started = performance.now();
        const res = await fetch(`${server.url}/hooks/incident-io`, delivery);
        await res.arrayBuffer();
        times.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`the hook answered ${res.status}`);
      }
    }
    console.log(
      `incident.io delivery of a new post-mortem (its incident read from the API): ${fmt(median(fresh), 1)} ms median of ${DELIVERIES} ` +
        `(slowest ${fmt(Math.max(...fresh), 1)} ms); its redelivery: ${fmt(median(redelivered), 1)} ms`,
    );
  } finally {
    server.stop();
    apis.close();
  }
}

/**
 * The daily imports of Google's and Microsoft's own views for 500 write-ups,
 * against the local stand-in answering their documented shapes: the calls each
 * run makes (the cost docs/integrations.md gives) and how long it takes here.
 */
export async function benchPlaceImports(store: Store) {
  const COUNT = 500;
  const key = serviceAccount();
  const apis = await readPlaceApis(key);
  const now = new Date();
  const today = dayOf(now);
  try {
    for (let w = 0; w < COUNT; w++) {
      const doc = `1BenchDoc${String(w).padStart(34, '0')}`;
      const url = `https://acme.sharepoint.com/sites/SRE/Shared%20Documents/bench-${w}.docx`;
      for (let n = 1; n <= 30; n += 3) apis.views.push({ docId: doc, time: `${addDays(today, -n)}T09:00:00.000Z`, profileId: `p${n % 4}` });
      apis.items.set(url, { driveId: 'b!bench', id: `01ITEM${w}` });
      apis.activity.set(`01ITEM${w}`, new Map(Array.from({ length: 30 }, (_, i) => [addDays(today, -(i + 1)), { views: i % 5, viewers: i % 3 }])));
      await createWriteup(store, { id: `placed-${w}`, title: `Placed ${w}`, url: `https://docs.google.com/document/d/${doc}/edit`, copies: [url] }, now);
    }
    const google = { serviceAccountKey: key.json, subject: GOOGLE_ADMIN, apiUrl: apis.urls.google };
    const microsoft = { tenantId: MS.tenant, clientId: MS.clientId, clientSecret: MS.secret, graphUrl: apis.urls.graph, loginUrl: apis.urls.login };
    const run = async (what: string, importing: (at: Date) => Promise<{ calls: number; days: number; problems: string[] }>, at: Date) => {
      const requests = apis.requests.length;
      const started = performance.now();
      const report = await importing(at);
      if (report.problems.length) throw new Error(`${what}: ${report.problems.join(' ')}`);
      return `${what}: ${fmt(performance.now() - started)} ms, ${fmt(apis.requests.length - requests)} calls answered (${fmt(report.calls)} API calls and the token), ${fmt(report.days)} days stored`;
    };
    const tomorrow = new Date(now.getTime() + 86_400_000);
    console.log(`\n## Reads where write-ups live: ${COUNT} write-ups, each a Google Doc with a SharePoint copy (a local stand-in answering their shapes)`);
    console.log(await run('Google, first run (30 days each)', (at) => importGoogle(store, google, at), now));
    console.log(await run('Google, next day (the last 3 days again and the new one)', (at) => importGoogle(store, google, at), tomorrow));
    console.log(await run('Microsoft, first run (each URL resolved, 30 days each)', (at) => importMicrosoft(store, microsoft, at), now));
    console.log(await run('Microsoft, next day (items remembered)', (at) => importMicrosoft(store, microsoft, at), tomorrow));
  } finally {
    await apis.close();
  }
}
