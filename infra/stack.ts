import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableDefinition as def } from '../functions/data/table';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * Learning Signals on AWS: one DynamoDB table, the collect, forms and admin
 * functions, and an HTTP API in front of them.
 */
export class LearningSignalsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const table = new TableV2(this, 'Table', {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: def.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      timeToLiveAttribute: def.ttlAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const tracker = readFileSync(root('web/dist/t.js'), 'utf8');
    const adminTokenParameter = this.node.tryGetContext('adminTokenParameter') ?? '/learning-signals/admin-token';
    const onboardingPrefixes: string = this.node.tryGetContext('onboardingUrlPrefixes') ?? '';
    const fn = (name: 'collect' | 'forms' | 'admin') =>
      new NodejsFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: root(`functions/${name}/handler.ts`),
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(15),
        environment: {
          TABLE_NAME: table.tableName,
          NODE_OPTIONS: '--enable-source-maps',
          ...(onboardingPrefixes ? { ONBOARDING_URL_PREFIXES: onboardingPrefixes } : {}),
        },
        bundling: {
          format: OutputFormat.ESM,
          minify: true,
          sourceMap: true,
          forceDockerBundling: false,
          define: { 'process.env.TRACKER_SOURCE': JSON.stringify(tracker) },
          banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        },
      });

    const collect = fn('collect');
    const forms = fn('forms');
    const admin = fn('admin');
    table.grantReadWriteData(collect);
    table.grantReadWriteData(forms);
    table.grantReadWriteData(admin);
    // Only the admin function needs the token; it reads the SecureString once per cold start.
    admin.addEnvironment('ADMIN_TOKEN_PARAMETER', adminTokenParameter);
    StringParameter.fromSecureStringParameterAttributes(this, 'AdminToken', { parameterName: adminTokenParameter }).grantRead(admin);

    const api = new HttpApi(this, 'Api', { description: 'Learning Signals' });
    const route = (path: string, methods: HttpMethod[], target: NodejsFunction) =>
      api.addRoutes({ path, methods, integration: new HttpLambdaIntegration(`${target.node.id}${path}`, target) });
    route('/healthz', [HttpMethod.GET], collect);
    route('/t.js', [HttpMethod.GET], collect);
    route('/e', [HttpMethod.POST, HttpMethod.OPTIONS], collect);
    route('/p.gif', [HttpMethod.GET], collect);
    route('/go/{id}', [HttpMethod.GET], collect);
    route('/c/{token}', [HttpMethod.GET, HttpMethod.POST], forms);
    route('/s/{token}', [HttpMethod.GET, HttpMethod.POST], forms);
    route('/api/{proxy+}', [HttpMethod.ANY], admin);

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'EmbedExample', {
      value: `<script defer src="${api.apiEndpoint}/t.js" data-writeup="your-write-up-id"></script>`,
    });
  }
}
