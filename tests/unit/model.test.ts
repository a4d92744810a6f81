import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity } from 'dynamodb-toolbox/entity';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../functions/data/model';

// Building a write's request sends nothing: no store is needed here.
const model = buildModel(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })),
  'unit',
);
const entities: Array<[string, Entity]> = [];
for (const [name, value] of Object.entries(model) as Array<[string, unknown]>) if (value instanceof Entity) entities.push([name, value]);

describe('the item types', () => {
  it('every one refuses, naming it, an attribute it does not declare, rather than dropping it', () => {
    expect(entities.length).toBeGreaterThan(20);
    for (const [name, entity] of entities) {
      expect(() => entity.build(PutItemCommand).item({ strayAttribute: 1 }).params(), name).toThrow(/'strayAttribute' is not defined/);
    }
  });
});
