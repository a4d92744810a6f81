import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';

/** This machine's own addresses on its networks (not loopback). */
const networkAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a): a is NonNullable<typeof a> => Boolean(a && !a.internal && a.family === 'IPv4'))
  .map((a) => a.address);

const reach = (host: string, port: number) =>
  new Promise<'connected' | string>((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
  });

let dynamo: DynamoDbLocal;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
}, 60_000);
afterAll(async () => dynamo?.stop());

describe("npm start's DynamoDB Local", () => {
  it('answers on loopback', async () => {
    expect(await reach('127.0.0.1', dynamo.port)).toBe('connected');
  });

  it.skipIf(networkAddresses.length === 0)('refuses connections from the network: its data stays on this machine', async () => {
    for (const address of networkAddresses) expect(await reach(address, dynamo.port), address).toBe('ECONNREFUSED');
  });
});
