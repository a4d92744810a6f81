import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * API Gateway HTTP API (payload 2.0) events, written by us to AWS's documented
 * format, with what makes real ones awkward: mixed-case header names, a cookies
 * array, a base64 body, a source IP that is not an address, a JWT authorizer.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/apigw-v2/', import.meta.url));

const fixture = (name: string): APIGatewayProxyEventV2 => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8'));

export interface EventChanges {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  base64?: boolean;
  sourceIp?: string;
  /** Which real event to start from: the plain one, or the one with cookies and a JWT authorizer. */
  base?: 'request-no-authorizer' | 'request-jwt-authorizer';
}

/**
 * A real API Gateway v2 event, changed only where a route needs it: path,
 * method, headers, body (plain or base64), cookies and source IP.
 */
export function apiEvent(changes: EventChanges): APIGatewayProxyEventV2 {
  const event = fixture(changes.base ?? 'request-no-authorizer');
  event.rawPath = changes.path;
  event.rawQueryString = changes.query ?? '';
  event.queryStringParameters = changes.query ? Object.fromEntries(new URLSearchParams(changes.query)) : undefined;
  event.requestContext.http.method = changes.method;
  event.requestContext.http.path = changes.path;
  if (changes.sourceIp) event.requestContext.http.sourceIp = changes.sourceIp;
  if (changes.headers) event.headers = changes.headers;
  if (changes.cookies) event.cookies = changes.cookies;
  else if (changes.base !== 'request-jwt-authorizer') delete event.cookies;
  if (changes.body === undefined) delete event.body;
  else event.body = changes.base64 ? Buffer.from(changes.body).toString('base64') : changes.body;
  event.isBase64Encoded = Boolean(changes.base64);
  return event;
}

export const lambdaContext = (name: string): Context =>
  ({
    functionName: `learning-signals-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:learning-signals-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: `request-${Math.random().toString(36).slice(2)}`,
    logGroupName: `/aws/lambda/learning-signals-${name}`,
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }) as Context;

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Hands a table's new stream records to a bundled counts handler as Lambda's
 * event source mapping would: per shard, in order, in DynamoDB JSON, with the
 * tumbling window's fields (the shard id among them). Returns what it answered.
 */
export function streamToLambda(
  endpoint: string,
  streamArn: string,
  handler: (event: unknown) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }>; state: unknown }>,
) {
  const client = new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const iterators = new Map<string, string | undefined>();
  return async function deliver(): Promise<Array<{ batchItemFailures: Array<{ itemIdentifier: string }> }>> {
    const answers = [];
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      if (!iterators.has(shardId)) {
        iterators.set(
          shardId,
          (await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator,
        );
      }
      const iterator = iterators.get(shardId);
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
      iterators.set(shardId, NextShardIterator);
      if (Records.length === 0) continue;
      const event = {
        Records: Records.map((record) => ({
          ...JSON.parse(JSON.stringify(record)),
          dynamodb: {
            ...JSON.parse(JSON.stringify(record.dynamodb)),
            ApproximateCreationDateTime: Math.floor((record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
          },
          eventSourceARN: streamArn,
        })),
        window: { start: new Date().toISOString(), end: new Date(Date.now() + 60_000).toISOString() },
        state: {},
        shardId,
        eventSourceARN: streamArn,
        isFinalInvokeForWindow: false,
        isWindowTerminatedEarly: false,
      };
      answers.push(await handler(event));
    }
    return answers;
  };
}
