import { serve } from '@hono/node-server';
import { createStore } from '../functions/data/client';
import { ensureTable } from '../functions/data/bootstrap';
import { configFromEnv } from '../functions/shared/config';
import { loadTrackerScript } from '../web/tracker-script';
import { resolveAdminToken } from './admin-token';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { NO_LIMITS, localApp } from './server';

// Node 20 runs it here and 22+ in Lambda: the SDK's notice about Node 20 is known.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, and every route on PORT.
const port = Number(process.env.PORT || 3000);
const dataDir = process.env.DATA_DIR || '.data';
const config = configFromEnv();
const publicUrl = config.publicUrl ?? `http://localhost:${port}`;

let dynamo: DynamoDbLocal | undefined;
if (!config.dynamodbEndpoint) {
  console.log(`Starting DynamoDB Local (data in ${dataDir}) …`);
  dynamo = await startDynamoDbLocal({ dataDir });
}
const endpoint = config.dynamodbEndpoint ?? dynamo!.endpoint;
const store = createStore({ table: config.tableName, endpoint });
try {
  const table = await ensureTable(store);
  console.log(`Table ${config.tableName}: ${table === 'created' ? 'created' : 'found'} at ${endpoint}`);
} catch (error) {
  console.error(`Could not reach DynamoDB at ${endpoint}: ${(error as Error).message}`);
  await dynamo?.stop();
  process.exit(1);
}

const admin = resolveAdminToken(process.env, dataDir);
const tracker = loadTrackerScript();
const app = localApp({
  store,
  readSeconds: config.readSeconds,
  publicUrl,
  onboardingPrefixes: config.onboardingPrefixes,
  adminToken: async () => admin.token,
  trackerScript: () => tracker,
}, process.env.RATE_LIMITS === 'off' ? NO_LIMITS : undefined);

const server = serve({ fetch: app.fetch, port }, () => {
  console.log(`\nLearning Signals is running at ${publicUrl}`);
  console.log(`Admin token${admin.generated ? ` (kept in ${dataDir}/admin-token)` : ''}: ${admin.token}`);
  console.log(`Embed: <script defer src="${publicUrl}/t.js" data-writeup="your-write-up-id"></script>`);
  console.log('Press Ctrl-C to stop.');
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping …');
  server.close();
  await dynamo?.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
