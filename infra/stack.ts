import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type CfnResource, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, DomainName, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsDlq, DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Schedule as SchedulerSchedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { parseDigestSchedule, scheduleCron } from '../functions/domain/digest';
import type { Construct } from 'constructs';
import { tableDefinition as def } from '../functions/data/table';
import { bundleSettings, entryOf, RUNTIME_MODULES } from './bundling';
import type { StackSwitch } from './configuration';
import { Edge } from './edge';
import { OPERATIONS } from '../functions/operations';
import type { Served } from '../functions/shared/operation';
import { readSettings, SETTINGS, type ContextName, type Declaration, type Feature, type FunctionName, type SettingName } from '../functions/shared/settings';

/**
 * What each function may touch, by the table's partition keys (`dynamodb:LeadingKeys`):
 * collect writes readers' days, salts and go-link clicks and never sees reviews,
 * tokens or responses; forms never sees reads; the counts consumer writes the
 * rollups and its checkpoints, and reads a review's day and a write-up's URL.
 */
const PARTITIONS: Record<Exclude<FunctionName, 'admin'>, { prefixes: string[]; actions: string[] }> = {
  collect: {
    // Writes: readers' days, salts, go-link clicks and their places. Never a write-up.
    prefixes: ['READERS#*', 'PROXIED#*', 'SALT#*', 'LINKS#*'],
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  forms: {
    prefixes: ['TOKEN#*', 'REVIEW#*'],
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  },
  counts: {
    prefixes: ['WRITEUP#*', 'LINKS#*', 'ORG', 'STREAM#*', 'REVIEW#*', 'WURL#*'],
    actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  },
  hooks: {
    // Writes the links that mentions make; reads write-ups and their URLs.
    prefixes: ['LINKS#*'],
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  imports: {
    // Writes the platforms' own counts and how far each import got; nothing else.
    prefixes: ['PLATFORM', 'PLATFORM#*'],
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  },
  digest: {
    // Writes each week's record of what was sent where; reads the signals (below).
    prefixes: ['DIGEST#*'],
    actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
  },
};

/**
 * Memory buys CPU in Lambda, and CPU is what a cold start spends on loading
 * the SDK. 512 MB keeps collect and forms quick to start at a small cost per
 * request; admin gets 1 GB for reports and exports. Time-outs sit above the
 * store client's own bound (2 attempts × 3 s) so a stalled store answers 503,
 * not a Lambda time-out; admin may use the HTTP API's full 29 s.
 */
const SIZES: Record<FunctionName, { memorySize: number; timeout: Duration }> = {
  collect: { memorySize: 512, timeout: Duration.seconds(10) },
  forms: { memorySize: 512, timeout: Duration.seconds(10) },
  admin: { memorySize: 1024, timeout: Duration.seconds(29) },
  // A batch of up to 5,000 records is a few transactions; a minute leaves room for retries.
  counts: { memorySize: 512, timeout: Duration.seconds(60) },
  // A push of 2,048 commits is read in well under a second; GitHub waits 10 s for an answer.
  // Its requests answer in well under a second; the Slack work it hands itself (three Web API calls, retried on a 429) gets 30 s.
  hooks: { memorySize: 512, timeout: Duration.seconds(30) },
  // A day's import is a few calls a write-up, each bounded at 5 s.
  imports: { memorySize: 512, timeout: Duration.minutes(10) },
  // A week's signals, then a webhook call and a mail, each tried three times within 10 s bounds.
  digest: { memorySize: 512, timeout: Duration.minutes(2) },
};

/**
 * What an attack can cost, bounded: each function's share of Lambda's
 * concurrency (`-c reservedConcurrency=off` leaves it to the account, for
 * accounts whose limit is too small to reserve), and the table's most request
 * units a second. Reaching either throttles, and the throttle alarms fire.
 */
const RESERVED_CONCURRENCY: Record<FunctionName, number> = { collect: 100, forms: 20, admin: 10, counts: 10, hooks: 10, imports: 1, digest: 1 };
const TABLE_MAX = { readRequestUnits: 4_000, writeRequestUnits: 2_000 };

/** A function's own partitions of the table, and the actions it may take there. */
const partitionAccess = (table: TableV2, name: keyof typeof PARTITIONS) =>
  new PolicyStatement({
    effect: Effect.ALLOW,
    actions: PARTITIONS[name].actions,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PARTITIONS[name].prefixes } },
  });

/** Reading the list of write-ups through the index, and nothing else there. */
const readWriteupList = (table: TableV2) =>
  new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['dynamodb:Query'],
    resources: [`${table.tableArn}/index/${def.indexes[0].name}`],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['WRITEUPS'] } },
  });

/**
 * Registering write-ups from an incident platform (the hooks for incident.io and
 * Rootly, the daily pull for FireHydrant): a write-up, its URLs and which
 * post-mortem it is, each written in one transaction (whose items need these actions).
 */
const registerWriteups = (table: TableV2) =>
  new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WRITEUP#*', 'WURL#*', 'WSOURCE#*'] } },
  });

/** Whether a platform's secret or key is given (by the name of its SSM parameter). */
const given = (
  context: Context,
  setting: 'INCIDENT_IO_WEBHOOK_SECRET' | 'ROOTLY_WEBHOOK_SECRET' | 'FIREHYDRANT_API_KEY' | 'GOOGLE_SERVICE_ACCOUNT_KEY' | 'MS_CLIENT_SECRET',
) => Boolean(context(SETTINGS[setting].aws.context));

/**
 * The API Gateway routes of each function, from the operations' declarations:
 * each path with its methods (a CORS operation answers its preflight too).
 */
export function apiRoutes(): Array<{ path: string; methods: HttpMethod[]; served: Served }> {
  const routes = new Map<string, { path: string; methods: HttpMethod[]; served: Served }>();
  for (const operation of OPERATIONS) {
    const found = routes.get(operation.path) ?? { path: operation.path, methods: [], served: operation.served };
    if (found.served !== operation.served) throw new Error(`${operation.path} is served by both ${found.served} and ${operation.served}`);
    found.methods.push(HttpMethod[operation.method.toUpperCase() as keyof typeof HttpMethod], ...(operation.cors ? [HttpMethod.OPTIONS] : []));
    routes.set(operation.path, found);
  }
  return [...routes.values()];
}

/**
 * The edge, when asked for (`-c edge=true`): the API's own domain and its
 * certificate (CloudFront reaches the API there, its execute-api endpoint off),
 * and the secret header in SSM.
 */
function edgeOf(context: Context): { apiDomainName: string; apiCertificateArn: string } | undefined {
  if (context('edge') !== 'true') return undefined;
  if (context('edgeSecret' as never)) {
    throw new Error(
      'The edge\'s secret is no longer given as -c edgeSecret: put it in SSM (aws ssm put-parameter --type String --name /learning-signals/edge-secret --value "$(openssl rand -hex 16)") and name it with -c edgeSecretParameter=… when it lives elsewhere.',
    );
  }
  const apiDomainName = context('apiDomainName');
  const apiCertificateArn = context('apiCertificateArn');
  if (!apiDomainName || !apiCertificateArn || !/^arn:aws[\w-]*:acm:/.test(apiCertificateArn)) {
    throw new Error(
      'edge=true needs -c apiDomainName=api.example.com -c apiCertificateArn=arn:aws:acm:…: behind the edge the API answers only at its own domain (its execute-api endpoint is turned off), with a certificate for it from ACM in this region.',
    );
  }
  return { apiDomainName, apiCertificateArn };
}

/** Learning Signals on AWS: one table, its functions, one HTTP API, alarms; an edge with a WAF when asked for. */
export class LearningSignalsStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const context: Context = (name) => this.node.tryGetContext(name) || undefined;
    const edge = edgeOf(context);

    const table = new TableV2(this, 'Table', {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: def.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      timeToLiveAttribute: def.ttlAttribute,
      dynamoStream: StreamViewType[def.stream],
      billing: Billing.onDemand({ maxReadRequestUnits: TABLE_MAX.readRequestUnits, maxWriteRequestUnits: TABLE_MAX.writeRequestUnits }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = table;

    const bundle = bundleSettings();
    const fn = (name: FunctionName) => {
      const logGroup = new LogGroup(this, `${capital(name)}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
      // Its own role, allowed to write to its own log group and nothing else yet.
      const role = new Role(this, `${capital(name)}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
      return new NodejsFunction(this, `${capital(name)}Function`, {
        role,
        entry: entryOf(name),
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        ...SIZES[name],
        ...(context('reservedConcurrency') === 'off' ? {} : { reservedConcurrentExecutions: RESERVED_CONCURRENCY[name] }),
        logGroup,
        loggingFormat: LoggingFormat.JSON,
        // Node's and Powertools' own; the product's settings follow (see `settings`).
        environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: `learning-signals-${name}` },
        bundling: {
          format: OutputFormat.ESM,
          target: bundle.target,
          minify: bundle.minify,
          sourceMap: bundle.sourceMap,
          define: bundle.define,
          banner: bundle.banner,
          forceDockerBundling: false,
          // The SDK is bundled, not taken from the runtime (the version the tests ran is the one deployed), but for RUNTIME_MODULES.
          externalModules: RUNTIME_MODULES[name] ?? [],
        },
      });
    };

    const collect = fn('collect');
    const forms = fn('forms');
    const admin = fn('admin');
    const counts = fn('counts');
    const hooks = fn('hooks');
    for (const [name, target] of [
      ['collect', collect],
      ['forms', forms],
      ['counts', counts],
      ['hooks', hooks],
    ] as const) {
      target.addToRolePolicy(partitionAccess(table, name));
    }
    // collect reads a write-up (does it exist, where does it live) and a URL's write-up; it writes neither.
    collect.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WRITEUP#*', 'WURL#*', 'HEALTH'] } },
      }),
    );
    table.grantReadWriteData(admin);
    this.countsFromStream(table, counts);
    this.hooks(hooks, table);
    // Post-mortems from incident.io's and Rootly's webhooks become write-ups.
    if (given(context, 'INCIDENT_IO_WEBHOOK_SECRET') || given(context, 'ROOTLY_WEBHOOK_SECRET')) hooks.addToRolePolicy(registerWriteups(table));
    const confluence = this.confluenceOn(context);
    // Google's and Microsoft's views: their settings go together (the functions' own checks say so at synth).
    const google = given(context, 'GOOGLE_SERVICE_ACCOUNT_KEY') && Boolean(context('googleAdminSubject'));
    const microsoft = Boolean(context('msTenantId') && context('msClientId')) && given(context, 'MS_CLIENT_SECRET');
    const imports = this.imports(fn, table, context, { confluence, google, microsoft });
    const digest = this.digest(fn, admin, table, context);
    const on = new Set<Feature>([
      ...(edge ? (['edge'] as const) : []),
      ...(this.signIn(context) ? (['signIn'] as const) : []),
      ...(confluence ? (['confluence'] as const) : []),
      ...(google ? (['google'] as const) : []),
      ...(microsoft ? (['microsoft'] as const) : []),
      ...(digest ? (['digest'] as const) : []),
    ]);
    this.settings({ collect, forms, admin, counts, hooks, imports, digest }, { TABLE_NAME: table.tableName }, context, on);

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    // Behind the edge the API answers at its own domain only (CloudFront's origin): its execute-api endpoint is off, so nothing goes around the edge.
    const apiDomain = edge
      ? new DomainName(this, 'ApiDomain', {
          domainName: edge.apiDomainName,
          certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', edge.apiCertificateArn),
        })
      : undefined;
    const api = new HttpApi(this, 'Api', {
      description: 'Learning Signals',
      createDefaultStage: true,
      ...(apiDomain ? { disableExecuteApiEndpoint: true, defaultDomainMapping: { domainName: apiDomain } } : {}),
    });
    const stage = api.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { throttlingRateLimit: 500, throttlingBurstLimit: 1000 };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      // No source IP or user agent: the access log keeps the product's privacy promise.
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    // One integration a function, allowed once for the whole API (a permission per route would outgrow a function's policy).
    const served: Record<Served, NodejsFunction> = { collect, forms, admin, hooks };
    const integrations = new Map(
      Object.entries(served).map(([name, target]) => [
        name,
        new HttpLambdaIntegration(`${capital(name)}Integration`, target, { scopePermissionToRoute: false }),
      ]),
    );
    for (const { path, methods, served: by } of apiRoutes()) api.addRoutes({ path, methods, integration: integrations.get(by)! });

    this.alarms(api, [collect, forms, admin, counts, hooks, ...(imports ? [imports] : []), ...(digest ? [digest] : [])], table, context('alarmEmail'));

    let publicBase: string;
    if (edge && apiDomain) {
      const secretParameter = context('edgeSecretParameter') ?? SETTINGS.EDGE_SECRET.aws.default;
      const cdn = new Edge(this, 'Edge', { originDomain: edge.apiDomainName, secret: StringParameter.valueForStringParameter(this, secretParameter) });
      publicBase = `https://${cdn.distribution.distributionDomainName}`;
      new CfnOutput(this, 'EdgeUrl', { value: publicBase, description: 'Use this as publicUrl: readers and people come through the edge.' });
      new CfnOutput(this, 'ApiDomainTarget', {
        value: apiDomain.regionalDomainName,
        description: `Point ${edge.apiDomainName} here (a CNAME, or a Route 53 alias): CloudFront reaches the API at that name.`,
      });
    } else {
      publicBase = api.apiEndpoint;
      new CfnOutput(this, 'ApiUrl', { value: publicBase });
    }
    new CfnOutput(this, 'EmbedExample', { value: `<script defer src="${publicBase}/t.js" data-writeup="your-write-up-id"></script>` });
    this.acknowledge();
  }

  /**
   * Each function's settings, as functions/shared/settings.ts declares them:
   * the value from the stack itself, else from its CDK context, else the
   * declared default, into the environment of the functions it names (a
   * feature's settings only when that feature is on). A secret's value is the
   * name of the SSM SecureString (made beforehand with aws ssm put-parameter
   * --type SecureString) that holds it, in `{VARIABLE}_PARAMETER`, and those
   * functions alone may read it.
   */
  private settings(functions: Partial<Record<FunctionName, NodejsFunction>>, own: Partial<Record<SettingName, string>>, context: Context, on: Set<Feature>) {
    const given: Record<string, string> = {};
    for (const [variable, setting] of Object.entries(SETTINGS) as Array<[SettingName, Declaration]>) {
      const aws = setting.aws;
      if (!aws || (aws.when && !on.has(aws.when))) continue;
      const value = own[variable] ?? (aws.context ? context(aws.context as ContextName) : undefined) ?? aws.default;
      if (!value) continue;
      const targets = aws.functions.flatMap((name) => functions[name] ?? []);
      const parameter = setting.secret ? StringParameter.fromSecureStringParameterAttributes(this, pascal(variable), { parameterName: value }) : undefined;
      given[parameter ? `${variable}_PARAMETER` : variable] = value;
      for (const target of targets) {
        target.addEnvironment(parameter ? `${variable}_PARAMETER` : variable, value);
        parameter?.grantRead(target);
      }
    }
    // The functions' own checks, now rather than at their first cold start.
    try {
      readSettings({ ...given, AWS_LAMBDA_FUNCTION_NAME: 'synth' });
    } catch (error) {
      throw new Error(`The context gives the functions settings they would refuse:\n${(error as Error).message}`);
    }
  }

  /**
   * Sign-in through an OpenID Connect provider, when `-c oidcIssuer=…` is given
   * (its settings go to the admin function alone, the client secret read from SSM).
   */
  private signIn(context: Context): boolean {
    const issuer = context('oidcIssuer');
    if (!issuer) return false;
    if (!context('oidcClientId')) throw new Error('oidcIssuer needs -c oidcClientId=… (the client id the provider gave this product).');
    if (!issuer.startsWith('https://')) throw new Error('oidcIssuer must be an https:// URL.');
    if (!context('publicUrl')) throw new Error('oidcIssuer needs -c publicUrl=…: the redirect URI registered with the provider is {publicUrl}/auth/callback.');
    return true;
  }

  /**
   * The webhooks' function reads write-ups (one by one, and the list through
   * the index) and their URLs, and writes links; its GitHub secret, and Slack's
   * signing secret and bot token, come from SSM SecureStrings only it may read
   * (`-c githubWebhookSecretParameter=… -c slackSigningSecretParameter=…
   * -c slackBotTokenParameter=…`).
   */
  private hooks(hooks: NodejsFunction, table: TableV2) {
    hooks.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WRITEUP#*', 'WURL#*'] } },
      }),
    );
    hooks.addToRolePolicy(readWriteupList(table));
    // Slack's events, each taken once by its event_id (and given back when its work cannot be handed on).
    hooks.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['HOOKEVENT#*'] } },
      }),
    );
    // The hook answers Slack first and hands the work to itself, invoked asynchronously (Lambda retries a failed job twice).
    // A policy of its own: in the role's default policy, the function's own ARN would make the function depend on itself.
    new Policy(this, 'HooksHandOff', {
      statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['lambda:InvokeFunction'], resources: [hooks.functionArn] })],
    }).attachToRole(hooks.role!);
    hooks.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1) });
  }

  /**
   * Confluence's own page views, when `-c confluenceUrl=… -c confluenceEmail=…` are
   * given: a function of its own, run daily at 03:15 UTC by an EventBridge schedule,
   * reading the API token from an SSM SecureString (`/learning-signals/confluence-api-token`,
   * or `-c confluenceApiTokenParameter=…`) that only it and admin (the import by hand) may read.
   */
  private confluenceOn(context: Context): boolean {
    const url = context('confluenceUrl');
    const email = context('confluenceEmail');
    if (!url || !email) return false;
    if (!url.startsWith('https://')) throw new Error('confluenceUrl must be the site, like https://acme.atlassian.net');
    return true;
  }

  /**
   * The imports' function, when one is asked for: Confluence's page views (above), and
   * FireHydrant's retrospectives when `-c firehydrantApiKeyParameter=…` names the SSM
   * SecureString holding its bot token: pulled daily at 03:45 UTC by EventBridge Scheduler
   * (FireHydrant's webhooks say nothing of retrospectives), registered as write-ups, which
   * only then may this function write.
   */
  private imports(
    fn: (name: FunctionName) => NodejsFunction,
    table: TableV2,
    context: Context,
    { confluence, google, microsoft }: { confluence: boolean; google: boolean; microsoft: boolean },
  ) {
    const pulls = given(context, 'FIREHYDRANT_API_KEY');
    if (!confluence && !google && !microsoft && !pulls) return undefined;
    const imports = fn('imports');
    imports.addToRolePolicy(partitionAccess(table, 'imports'));
    imports.addToRolePolicy(readWriteupList(table));
    if (confluence)
      new Rule(this, 'DailyConfluenceImport', {
        description: "Imports yesterday's Confluence page views (and any days missed)",
        schedule: Schedule.cron({ hour: '3', minute: '15' }),
        targets: [new LambdaFunction(imports, { retryAttempts: 2 })],
      });
    // Google's and Microsoft's views, each at its own time, each its own job.
    for (const [on, job, id, time, what] of [
      [
        google,
        'google',
        'DailyGoogleImport',
        '25',
        "Imports Drive's views of write-ups in Google Docs, Sheets and Slides (the last days again: Google's audit log can be late)",
      ],
      [microsoft, 'microsoft', 'DailyMicrosoftImport', '35', "Imports the views of write-ups in SharePoint and OneDrive (Microsoft Graph's item activity)"],
    ] as const) {
      if (on)
        new SchedulerSchedule(this, id, {
          description: what,
          schedule: ScheduleExpression.cron({ hour: '3', minute: time }),
          target: new LambdaInvoke(imports, { input: ScheduleTargetInput.fromObject({ job }), retryAttempts: 2 }),
        });
    }
    if (pulls) {
      imports.addToRolePolicy(registerWriteups(table));
      new SchedulerSchedule(this, 'DailyIncidentPlatformPull', {
        description: "Registers the incident platforms' new and changed post-mortems as write-ups (FireHydrant's retrospectives)",
        schedule: ScheduleExpression.cron({ hour: '3', minute: '45' }),
        target: new LambdaInvoke(imports, { input: ScheduleTargetInput.fromObject({ job: 'incident-platforms' }), retryAttempts: 2 }),
      });
    }
    return imports;
  }

  /**
   * The weekly digest, when `-c digestSlackWebhookParameter=…` (an SSM SecureString
   * holding the incoming webhook's URL) or `-c digestEmailTo=… -c digestEmailFrom=…`
   * (through SES, the sender's identity verified there) is given: its own function,
   * started by EventBridge Scheduler at `-c digestSchedule` (Monday 09:00 UTC) and
   * hourly after for failed sends whose next try is due. It reads the signals and
   * writes only its own records; admin gets the same settings to send by hand.
   */
  private digest(fn: (name: FunctionName) => NodejsFunction, admin: NodejsFunction, table: TableV2, context: Context) {
    const webhookParameter = context('digestSlackWebhookParameter');
    const emailTo = context('digestEmailTo');
    const emailFrom = context('digestEmailFrom');
    if (!webhookParameter && !emailTo) return undefined;
    if (emailTo && !emailFrom) throw new Error('digestEmailTo needs -c digestEmailFrom=… (an address or domain verified in SES).');
    if (!context('publicUrl')) throw new Error('The digest needs -c publicUrl=…: its links lead to the dashboard.');
    const schedule = parseDigestSchedule(context('digestSchedule'));
    const address = emailFrom ? (/<([^>]+)>/.exec(emailFrom)?.[1] ?? emailFrom).trim() : '';
    if (emailFrom && !/^[^\s@]+@[^\s@]+$/.test(address)) throw new Error('digestEmailFrom must be an e-mail address (verified in SES, or its domain is).');
    const digest = fn('digest');
    digest.addToRolePolicy(partitionAccess(table, 'digest'));
    // The signals it reports: the organization's days, write-ups' daily reads, the list of write-ups and their answers.
    digest.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ORG', 'WRITEUP#*'] } },
      }),
    );
    digest.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${def.indexes[0].name}`],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WRITEUPS', 'WRITEUP#*#RESPONSES'] } },
      }),
    );
    // Reviews' survey links and reminders go on the digest's hourly schedule: their follow-ups, the review, its write-up, its new single-use links.
    digest.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FOLLOWUPS', 'REVIEW#*', 'TOKEN#*', 'WRITEUP#*'] } },
      }),
    );
    for (const target of [digest, admin]) {
      // The sender mails the digest (with digestEmailTo) and reviews' invitations and survey links.
      if (emailFrom) {
        target.addToRolePolicy(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            // The sender's identity in SES, verified as its address or its domain.
            resources: [address, address.split('@')[1]!].map((identity) => `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity}`),
            conditions: { StringEquals: { 'ses:FromAddress': address } },
          }),
        );
      }
    }
    const target = new LambdaInvoke(digest, { retryAttempts: 0 });
    new SchedulerSchedule(this, 'WeeklyDigest', {
      description: "Sends the week's digest",
      schedule: ScheduleExpression.expression(scheduleCron(schedule)),
      target,
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(digest.node.defaultChild as CfnResource)}.Arn>:*]`,
      reason: "EventBridge Scheduler's role may invoke the digest function (and its versions, as the construct grants); nothing else.",
    });
    new SchedulerSchedule(this, 'DigestRetries', {
      description: 'Tries again a digest whose send failed, when its next try is due (nothing to do otherwise)',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target,
    });
    return digest;
  }

  /**
   * The counts consumer reads the table's stream: batches of up to 5,000
   * records or 5 seconds (the bigger the batch, the fewer rollup writes a beacon
   * costs), one shard in order (parallelization 1), a failed
   * batch retried from its first uncounted record (partial batch responses) or
   * split in two, and after ten attempts or a day handed to a dead-letter queue.
   * The tumbling window is there for the shard id it puts in every event: the
   * consumer's checkpoint is kept per shard.
   */
  private countsFromStream(table: TableV2, counts: NodejsFunction) {
    this.deadLetters = new Queue(this, 'CountsDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    counts.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 5_000,
        maxBatchingWindow: Duration.seconds(5),
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        tumblingWindow: Duration.seconds(60),
        onFailure: new SqsDlq(this.deadLetters),
      }),
    );
  }

  private deadLetters!: Queue;

  /** 5xx rate, Lambda throttles and DynamoDB errors; to an SNS topic when `alarmEmail` is given. */
  private alarms(api: HttpApi, functions: NodejsFunction[], table: TableV2, email: string | undefined) {
    const topic = email ? new Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'Learning Signals alarms' }) : undefined;
    if (topic && email) topic.addSubscription(new EmailSubscription(email));
    const alarm = (id: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (topic) created.addAlarmAction(new SnsAction(topic));
    };
    const period = Duration.minutes(5);
    alarm(
      'Api5xxRate',
      new MathExpression({
        expression: '100 * errors / MAX([requests, 1])',
        usingMetrics: { errors: api.metricServerError({ period }), requests: api.metricCount({ period }) },
        period,
        label: '5xx rate (%)',
      }),
      1,
      'More than 1% of requests answered 5xx (503s included: the store may be down).',
    );
    functions.forEach((fn) =>
      alarm(
        `${fn.node.id}Throttles`,
        fn.metricThrottles({ period, statistic: 'Sum' }),
        1,
        `${fn.node.id} was throttled: raise its concurrency or the API throttle.`,
      ),
    );
    alarm(
      'TableErrors',
      new MathExpression({
        expression: 'system + throttled',
        usingMetrics: {
          system: table.metric('SystemErrors', { period, statistic: 'Sum' }),
          throttled: table.metric('ThrottledRequests', { period, statistic: 'Sum' }),
        },
        period,
        label: 'DynamoDB errors',
      }),
      1,
      'DynamoDB answered system errors or throttled requests.',
    );
    alarm(
      'CountsDeadLettersWaiting',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      1,
      'Stream records could not be counted and wait in the dead-letter queue: counts are short until they are recounted (learning-signals recount).',
    );
    const digestFunction = functions.find((fn) => fn.node.id === 'DigestFunction');
    if (digestFunction) {
      alarm(
        'DigestNotSent',
        digestFunction.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
        1,
        'The weekly digest could not be sent to a destination: /digest in the dashboard says what happened (it is tried again when the cause may pass).',
      );
    }
    const countsFunction = functions.find((fn) => fn.node.id === 'CountsFunction')!;
    alarm(
      'CountsIteratorAge',
      countsFunction.metric('IteratorAge', { period, statistic: 'Maximum' }),
      60_000,
      'The counts trail the facts by more than a minute: the consumer is failing or falling behind.',
    );
  }

  /** cdk-nag's AwsSolutions rules this stack breaks on purpose, each with its reason. */
  private acknowledge() {
    Validations.of(this).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.table.node.defaultChild as CfnResource)}.Arn>/index/*]`,
        reason: 'Only the admin function reads the index: it queries the one index of its one table (write-ups, reviews, responses).',
      },
      {
        id: 'AwsSolutions-APIG4',
        reason: 'Readers and attendees use public routes by design (beacons, forms); the admin routes check a bearer token or a session in the function.',
      },
      { id: 'AwsSolutions-SNS2', reason: 'Alarm notifications carry no personal or secret data; SSL is enforced on the topic.' },
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "CountsDeadLetters is itself the dead-letter queue of the counts consumer's event source mapping (an on-failure destination, which cdk-nag does not recognize as a DLQ).",
      },
      { id: 'AwsSolutions-CFR1', reason: 'Write-ups are read wherever their readers are: no country is turned away.' },
      {
        id: 'AwsSolutions-CFR3',
        reason: "No CloudFront access logs: they would store every reader's address and user agent, which the product promises never to keep.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The default CloudFront certificate (no custom domain yet) cannot enforce TLS 1.2 for viewers; with a custom domain's certificate set TLSv1.2_2021.",
      },
    );
  }
}

const capital = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;

/** `DIGEST_SLACK_WEBHOOK_URL` → `DigestSlackWebhookUrl`. */
const pascal = (variable: string) => variable.toLowerCase().split('_').map(capital).join('');

/** The CDK context: each name is declared with its setting (functions/shared/settings.ts) or among the stack's own switches (configuration.ts). */
type Context = (name: ContextName | StackSwitch) => string | undefined;
