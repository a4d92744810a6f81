import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// The floor for a cold start: a handler that only loads the DynamoDB client and reads one item.
const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });

export const handler = async () => {
  await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'HEALTH' }, sk: { S: 'HEALTH' } } }));
  return { statusCode: 200, body: '{"ok":true}' };
};
