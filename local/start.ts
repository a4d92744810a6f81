import { serve } from '@hono/node-server';
import { createServer } from 'node:net';
import { createStore } from '../functions/data/client';
import { ensureTable } from '../functions/data/bootstrap';
import { appDeps } from '../functions/app-deps';
import { linkSettingsOf } from '../functions/shared/deps';
import { awsCredentialsOf, readSettings, type Settings } from '../functions/shared/settings';
import { resolveAdminToken } from './admin-token';
import { startDynamoDbLocal, StartupProblem, type DynamoDbLocal } from './dynamodb-local';
import { NO_LIMITS, localApp } from './server';
import { startStreamPoller } from './stream-poller';
import { importReadPlace, placesSetUp } from '../functions/services/read-places';
import { READ_PLACES } from '../functions/domain/read-places';
import { destinationsOf, sendDigest } from '../functions/services/digest';
import { sendFollowUps } from '../functions/services/review-mail';
import { dailyPulls, PULLED_DAILY } from '../functions/services/incident-imports';
import { INCIDENT_PLATFORMS } from '../functions/domain/incident-platforms';
import { scheduleText } from '../functions/domain/digest';

// Node 20 runs it here and 22+ in Lambda: the SDK's notice about Node 20 is known.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, and every route on PORT.
let dynamo: DynamoDbLocal | undefined;

async function main() {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    throw new StartupProblem((error as Error).message);
  }
  const { PORT: port, DATA_DIR: dataDir } = settings;
  const publicUrl = settings.PUBLIC_URL ?? `http://localhost:${port}`;
  // Before anything starts: a port in use would otherwise leave DynamoDB Local behind.
  await ensurePortFree(port);

  if (!settings.DYNAMODB_ENDPOINT) {
    console.log(`Starting DynamoDB Local (data in ${dataDir}) …`);
    dynamo = await startDynamoDbLocal({ dataDir });
  }
  const endpoint = settings.DYNAMODB_ENDPOINT ?? dynamo!.endpoint;
  const store = createStore({ table: settings.TABLE_NAME, endpoint, region: settings.AWS_REGION, awsCredentials: awsCredentialsOf(settings) });
  let streamArn: string;
  try {
    const ensured = await ensureTable(store);
    streamArn = ensured.streamArn;
    console.log(`Table ${settings.TABLE_NAME}: ${ensured.table === 'created' ? 'created' : 'found'} at ${endpoint}`);
  } catch (error) {
    throw new StartupProblem(`Could not reach DynamoDB at ${endpoint}: ${(error as Error).message}`);
  }

  const admin = resolveAdminToken(settings.ADMIN_TOKEN, dataDir);
  const deps = appDeps(
    {
      store,
      publicUrl,
      adminToken: {
        token: admin.token,
        hint: admin.generated
          ? `${dataDir}/admin-token on the machine that runs it (npm start prints it too).`
          : 'the ADMIN_TOKEN that Learning Signals was started with.',
      },
    },
    settings,
  );
  // The tracker is read once, now: a missing build fails here rather than on the first embed.
  deps.trackerScript();
  // The counts follow the facts on the table's stream, as the consumer function does in AWS.
  const counting = startStreamPoller({
    store,
    endpoint,
    region: settings.AWS_REGION,
    streamArn,
    // Under load, half a second fills bigger batches (fewer, larger writes of
    // counts); a quiet moment delivers at once. Reports stay within 2 s.
    batchWindowMs: 500,
    count: { links: linkSettingsOf(deps) },
    log: (message) => console.error(message),
  });
  const app = localApp(deps, settings.RATE_LIMITS ? undefined : NO_LIMITS);
  const { digest } = deps;

  await new Promise<void>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port }, () => resolve());
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(port) : error));
    const stop = async () => {
      console.log('\nStopping …');
      server.close();
      await counting.stop();
      await dynamo?.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log(`\nLearning Signals is running at ${publicUrl}`);
  // A token from the environment is the operator's own secret: it is not echoed.
  if (admin.generated) console.log(`Admin token (kept in ${dataDir}/admin-token): ${admin.token}`);
  else console.log('Admin token: the one in ADMIN_TOKEN.');
  if (deps.oidc) console.log(`Sign-in: ${deps.oidc.issuer} (redirect URI ${publicUrl}/auth/callback)`);
  console.log(`Embed: <script defer src="${publicUrl}/t.js" data-writeup="your-write-up-id"></script>`);
  for (const place of placesSetUp(deps)) {
    // Each place's own views (Confluence, Google, Microsoft), once at start and then daily, as the schedules do in AWS.
    const { name } = READ_PLACES[place];
    const run = () =>
      importReadPlace(store, deps, place, new Date())
        .then((report) =>
          console.log(
            `${name}: ${report?.days ?? 0} days imported for ${report?.writeups ?? 0} write-ups.${report?.problems.length ? ` ${report.problems.join(' ')}` : ''}`,
          ),
        )
        .catch((error) => console.error(`${name} import failed: ${(error as Error).message}`));
    void run();
    setInterval(run, 24 * 3_600_000).unref();
  }
  if (destinationsOf(digest).length) {
    // The weekly digest: checked every five minutes, as the schedule and its hourly retries do in AWS.
    // A week's digest goes once to each place, so a check finds nothing to do until the next is due.
    const run = () =>
      sendDigest(store, digest, { now: new Date(), dashboardUrl: publicUrl, byHand: false, places: deps })
        .then((result) => {
          for (const d of result.destinations.filter((d) => !d.record))
            console.log(`Digest of ${result.week.from} to ${d.destination}: ${d.sent ? 'sent' : d.reason}`);
        })
        .catch((error) => console.error(`Digest failed: ${(error as Error).message}`));
    void run();
    setInterval(run, 5 * 60_000).unref();
    console.log(`Digest: ${scheduleText(digest.schedule)} UTC to ${destinationsOf(digest).join(' and ')} (preview at ${publicUrl}/digest)`);
  }
  if (deps.reviewMail) {
    // Reviews' survey links and reminders: checked every five minutes, as the hourly schedule does in AWS.
    const mail = deps.reviewMail;
    const run = () =>
      sendFollowUps(store, mail, publicUrl, new Date())
        .then((done) => {
          for (const d of done)
            console.log(`Review ${d.reviewId}: ${d.kind === 'survey' ? 'survey links' : 'reminder'} mailed to ${d.sent.length}, ${d.failed.length} failed`);
        })
        .catch((error) => console.error(`Reviews' mail failed: ${(error as Error).message}`));
    setInterval(run, 5 * 60_000).unref();
    console.log(`Reviews' mail: from ${mail.from} (invitations from a review's page; survey links after it, one reminder two days later)`);
  }
  const platforms = deps.incidentPlatforms ?? {};
  for (const [platform, set] of Object.entries(platforms)) {
    const name = INCIDENT_PLATFORMS[platform as keyof typeof INCIDENT_PLATFORMS].name;
    if (set.webhookSecret) console.log(`${name}: its webhook at ${publicUrl}/hooks/${platform}`);
  }
  if (PULLED_DAILY.some((platform) => platforms[platform]?.api)) {
    // Post-mortems of the platforms that send no webhook about them: once at start and then daily, as the schedule does in AWS.
    const run = () =>
      dailyPulls(store, platforms, new Date())
        .then((reports) => {
          for (const r of reports)
            console.log(
              `${INCIDENT_PLATFORMS[r.platform].name}: ${r.created} write-ups registered, ${r.updated} updated.${r.problems.length ? ` ${r.problems.join(' ')}` : ''}`,
            );
        })
        .catch((error) => console.error(`Incident platforms' pull failed: ${(error as Error).message}`));
    void run();
    setInterval(run, 24 * 3_600_000).unref();
  }
  console.log('Press Ctrl-C to stop.');
}

const portInUse = (port: number) =>
  new StartupProblem(`Port ${port} is already in use (another Learning Signals, or another program). Pick another one: PORT=${port + 1} npm start`);

function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(port) : error));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

main().catch(async (error) => {
  await dynamo?.stop();
  if (error instanceof StartupProblem) {
    console.error(`\n${error.message}`);
    process.exit(1);
  }
  throw error;
});
