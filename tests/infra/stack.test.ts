import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/data/table';
import { LearningSignalsStack } from '../../infra/stack';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(new LearningSignalsStack(new App(), 'Test'));
}, 120_000);

describe('the CDK stack', () => {
  it('builds the table from the shared definition: on demand, point-in-time recovery, TTL, retained', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
      }),
    });
  });

  it('runs three functions on Node.js 22, arm64, each told the table; only admin the token parameter', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'] },
    });
    expect(Object.keys(functions)).toHaveLength(3);
    const withToken = Object.entries(functions).filter(([, fn]) => fn.Properties.Environment.Variables.ADMIN_TOKEN_PARAMETER);
    expect(withToken.map(([id]) => id)).toEqual([expect.stringMatching(/^AdminFunction/)]);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^Table/) });
    }
  });

  it('routes the contract’s paths through one HTTP API', () => {
    for (const routeKey of ['GET /t.js', 'POST /e', 'GET /p.gif', 'GET /go/{id}', 'GET /healthz', 'ANY /api/{proxy+}']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
  });
});
