import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { StoreUnavailable } from '../domain/errors';
import { buildModel, type Model } from './model';
import { storeGate, StoreGateRefused } from './store-gate';

export interface Store {
  doc: DynamoDBDocumentClient;
  table: string;
  /** The table's item types, bound to this table. */
  model: Model;
}

export interface StoreOptions {
  table: string;
  /** DynamoDB Local or another endpoint; unset means the region's DynamoDB. */
  endpoint?: string;
  region?: string;
  /** Credentials are in the environment (the SDK reads them); without them an endpoint (DynamoDB Local) gets placeholder ones. */
  awsCredentials?: boolean;
}

/**
 * A stalled store must fail a request fast (a reader's beacon, a person's form),
 * so every call is bounded: connect, whole request, and at most one retry.
 * `throwOnRequestTimeout` matters: without it the request timeout only warns.
 * Calls go through a gate (fewer at once than there are sockets, so a time-out
 * measures the store and not our queue) that fails fast once the store is down,
 * and every outage leaves as one error, `StoreUnavailable`.
 */
export function createStore({ table, endpoint, region, awsCredentials = false }: StoreOptions): Store {
  const agentOptions = { keepAlive: true, maxSockets: 64 };
  const client = new DynamoDBClient({
    endpoint,
    region: region ?? 'us-east-1',
    // DynamoDB Local accepts any credentials; real AWS uses the environment's.
    ...(endpoint && !awsCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      throwOnRequestTimeout: true,
      httpAgent: new Agent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const gate = storeGate({ concurrency: 48, maxWaitMs: 8_000, tripAfter: 5, coolDownMs: 2_000, isFailure: isOutage });
  const send = doc.send.bind(doc) as (...args: unknown[]) => Promise<unknown>;
  doc.send = ((...args: unknown[]) =>
    gate(() => send(...args)).catch((error: unknown) => {
      throw isOutage(error) ? new StoreUnavailable(`the store is not answering (${(error as Error).name})`, { cause: error }) : error;
    })) as typeof doc.send;
  return { doc, table, model: buildModel(doc, table) };
}

/**
 * True when DynamoDB could not be reached or could not serve the request
 * (network failure, time-out, throttling, a 5xx): the caller should retry later.
 */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof StoreUnavailable || error instanceof StoreGateRefused) return true;
  const transientNames = new Set([
    'TimeoutError',
    'RequestTimeout',
    'AbortError',
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'InternalServerError',
    'ServiceUnavailable',
    'ResourceNotFoundException',
  ]);
  if (transientNames.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  const code = (error as { code?: string }).code;
  return typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)/.test(code);
}
