import { serve } from '@hono/node-server';
import { createServer } from 'node:net';
import { createStore } from '../functions/data/client';
import { ensureTable } from '../functions/data/bootstrap';
import { configFromEnv } from '../functions/shared/config';
import { digestSettingsOf, oidcDepsOf } from '../functions/shared/deps';
import { loadTrackerScript } from '../web/tracker-script';
import { resolveAdminToken } from './admin-token';
import { startDynamoDbLocal, StartupProblem, type DynamoDbLocal } from './dynamodb-local';
import { NO_LIMITS, localApp } from './server';
import { startStreamPoller } from './stream-poller';
import { importConfluence } from '../functions/services/confluence';
import { destinationsOf, sendDigest } from '../functions/services/digest';
import { scheduleText } from '../functions/domain/digest';

// Node 20 runs it here and 22+ in Lambda: the SDK's notice about Node 20 is known.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, and every route on PORT.
let dynamo: DynamoDbLocal | undefined;

async function main() {
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new StartupProblem(`PORT must be a port number from 1 to 65535 (got "${process.env.PORT}").`);
  const dataDir = process.env.DATA_DIR || '.data';
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    throw new StartupProblem((error as Error).message);
  }
  const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  // Before anything starts: a port in use would otherwise leave DynamoDB Local behind.
  await ensurePortFree(port);

  if (!config.dynamodbEndpoint) {
    console.log(`Starting DynamoDB Local (data in ${dataDir}) …`);
    dynamo = await startDynamoDbLocal({ dataDir });
  }
  const endpoint = config.dynamodbEndpoint ?? dynamo!.endpoint;
  const store = createStore({ table: config.tableName, endpoint });
  let streamArn: string;
  try {
    const ensured = await ensureTable(store);
    streamArn = ensured.streamArn;
    console.log(`Table ${config.tableName}: ${ensured.table === 'created' ? 'created' : 'found'} at ${endpoint}`);
  } catch (error) {
    throw new StartupProblem(`Could not reach DynamoDB at ${endpoint}: ${(error as Error).message}`);
  }
  // The counts follow the facts on the table's stream, as the consumer function does in AWS.
  const counting = startStreamPoller({
    store,
    endpoint,
    streamArn,
    // Under load, half a second fills bigger batches (fewer, larger writes of
    // counts); a quiet moment delivers at once. Reports stay within 2 s.
    batchWindowMs: 500,
    count: { links: { onboardingPrefixes: config.onboardingPrefixes } },
    log: (message) => console.error(message),
  });

  const admin = resolveAdminToken(process.env, dataDir);
  const tracker = loadTrackerScript();
  const digest = digestSettingsOf(config.digest);
  const app = localApp(
    {
      store,
      readSeconds: config.readSeconds,
      publicUrl,
      onboardingPrefixes: config.onboardingPrefixes,
      trustProxy: config.trustProxy,
      adminToken: async () => admin.token,
      adminTokenHint: admin.generated
        ? `${dataDir}/admin-token on the machine that runs it (npm start prints it too).`
        : 'the ADMIN_TOKEN that Learning Signals was started with.',
      trackerScript: () => tracker,
      roles: config.roles,
      confluence: config.confluence,
      digest,
      ...(process.env.GITHUB_WEBHOOK_SECRET ? { githubWebhookSecret: async () => process.env.GITHUB_WEBHOOK_SECRET! } : {}),
      ...(process.env.SLACK_SIGNING_SECRET
        ? { slack: { signingSecret: async () => process.env.SLACK_SIGNING_SECRET!, botToken: async () => process.env.SLACK_BOT_TOKEN || undefined, apiUrl: process.env.SLACK_API_URL || undefined } }
        : {}),
      oidc: oidcDepsOf(config.oidc),
    },
    process.env.RATE_LIMITS === 'off' ? NO_LIMITS : undefined,
  );

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
  if (config.oidc) console.log(`Sign-in: ${config.oidc.issuer} (redirect URI ${publicUrl}/auth/callback)`);
  console.log(`Embed: <script defer src="${publicUrl}/t.js" data-writeup="your-write-up-id"></script>`);
  if (config.confluence) {
    // Confluence's page views, once at start and then daily, as the schedule does in AWS.
    const run = () =>
      importConfluence(store, config.confluence!, new Date())
        .then((report) => console.log(`Confluence: ${report.days} days imported for ${report.writeups} write-ups.${report.problems.length ? ` ${report.problems.join(' ')}` : ''}`))
        .catch((error) => console.error(`Confluence import failed: ${(error as Error).message}`));
    void run();
    setInterval(run, 24 * 3_600_000).unref();
  }
  if (destinationsOf(digest).length) {
    // The weekly digest: checked every five minutes, as the schedule and its hourly retries do in AWS.
    // A week's digest goes once to each place, so a check finds nothing to do until the next is due.
    const run = () =>
      sendDigest(store, digest, { now: new Date(), dashboardUrl: publicUrl, byHand: false })
        .then((result) => {
          for (const d of result.destinations.filter((d) => !d.record)) console.log(`Digest of ${result.week.from} to ${d.destination}: ${d.sent ? 'sent' : d.reason}`);
        })
        .catch((error) => console.error(`Digest failed: ${(error as Error).message}`));
    void run();
    setInterval(run, 5 * 60_000).unref();
    console.log(`Digest: ${scheduleText(digest.schedule)} UTC to ${destinationsOf(digest).join(' and ')} (preview at ${publicUrl}/digest)`);
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
