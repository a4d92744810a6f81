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
