import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/data/table';
import { LearningSignalsStack } from '../../infra/stack';
import { OPERATIONS } from '../../functions/operations';
import { FUNCTIONS, SETTINGS, type ContextName, type Declaration } from '../../functions/shared/settings';

/**
 * An App that synthesizes without bundling the functions (CDK's
 * `aws:cdk:bundling-stacks` set to none): nothing here reads a bundle, and each
 * synth would otherwise build five to seven. The bundles themselves are built
 * and run by tests/integration/lambda-handlers.test.ts.
 */
const unbundled = (context: Record<string, unknown> = {}) => new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });

let template: Template;
let withAlarms: Template;
let withEdge: Template;
let withSignIn: Template;
const SIGN_IN = {
  oidcIssuer: 'https://acme.okta.com',
  oidcClientId: '0oa1example',
  publicUrl: 'https://signals.acme.com',
  adminEmails: 'root@acme.com',
  oidcAdminGroups: 'sre-leads',
  oidcFacilitatorGroups: 'facilitators',
};
const EDGE = {
  edge: 'true',
  apiDomainName: 'api.signals.acme.com',
  apiCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000',
};
const DIGEST = {
  digestSlackWebhookParameter: '/learning-signals/digest-slack-webhook',
  digestEmailTo: 'leaders@acme.com,sre@acme.com',
  digestEmailFrom: 'Learning Signals <signals@acme.com>',
  publicUrl: 'https://signals.acme.com',
};
beforeAll(() => {
  template = Template.fromStack(new LearningSignalsStack(unbundled(), 'Test'));
  withAlarms = Template.fromStack(new LearningSignalsStack(unbundled({ alarmEmail: 'oncall@example.com' }), 'Alarmed'));
  withEdge = Template.fromStack(new LearningSignalsStack(unbundled(EDGE), 'Edged'));
  withSignIn = Template.fromStack(new LearningSignalsStack(unbundled(SIGN_IN), 'SignedIn'));
}, 180_000);

const functionsByName = () => {
  const functions = template.findResources('AWS::Lambda::Function');
  const byName = (name: string) => Object.entries(functions).find(([id]) => id.startsWith(name))![1];
  return {
    collect: byName('CollectFunction'),
    forms: byName('FormsFunction'),
    admin: byName('AdminFunction'),
    counts: byName('CountsFunction'),
    hooks: byName('HooksFunction'),
    count: Object.keys(functions).length,
  };
};

const policyOf = (roleId: string) => {
  const policies = template.findResources('AWS::IAM::Policy');
  // The role's default policy (a role may have another of its own, as the hooks' hand-off).
  const ofRole = Object.entries(policies).filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(roleId)));
  return (ofRole.find(([id]) => id.includes('DefaultPolicy')) ?? ofRole[0]!)[1].Properties.PolicyDocument.Statement as Array<{
    Action: string | string[];
    Resource: unknown;
    Condition?: Record<string, Record<string, string[]>>;
  }>;
};

describe('the CDK stack', () => {
  it('builds the one table from the shared definition: on demand, point-in-time recovery, TTL, deletion protection, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
      }),
    });
  });

  it('runs five functions on Node.js 22 or newer, arm64, with chosen memory and time-outs and their own log groups', () => {
    const { collect, forms, admin, counts, hooks, count } = functionsByName();
    expect(count).toBe(5);
    for (const fn of [collect, forms, admin, counts, hooks]) {
      expect(Number(/nodejs(\d+)/.exec(fn.Properties.Runtime)![1])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
      expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^Table/) });
    }
    expect([collect.Properties.MemorySize, collect.Properties.Timeout]).toEqual([512, 10]);
    expect([forms.Properties.MemorySize, forms.Properties.Timeout]).toEqual([512, 10]);
    expect([admin.Properties.MemorySize, admin.Properties.Timeout]).toEqual([1024, 29]);
    expect([counts.Properties.MemorySize, counts.Properties.Timeout]).toEqual([512, 60]);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 6);
  });

  it('derives the counts from the table stream: its own consumer, in order per shard, retried from the first failure, then a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^CountsFunction') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 5000,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // The window puts the shard id in each event: the consumer's checkpoint is per shard.
      TumblingWindowInSeconds: Match.anyValue(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CountsDeadLetters'), 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const statements = policyOf('CountsRole');
    const table = statements.find((s) => JSON.stringify(s.Action).includes('UpdateItem'))!;
    expect(table.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual(['WRITEUP#*', 'LINKS#*', 'ORG', 'STREAM#*', 'REVIEW#*', 'WURL#*']);
    expect(JSON.stringify(statements)).not.toMatch(/PutItem|DeleteItem|Query|Scan|ssm:/);
    expect(JSON.stringify(statements)).toContain('dynamodb:GetRecords');
  });

  it('gives each function only the table access it needs: collect never sees survey data, forms never sees reads', () => {
    const leadingKeys = (roleId: string) =>
      policyOf(roleId)
        .filter((s) => JSON.stringify(s.Action).includes('dynamodb'))
        .flatMap((s) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['(any)']);
    const collect = leadingKeys('CollectRole');
    const forms = leadingKeys('FormsRole');
    expect(collect).toEqual(expect.arrayContaining(['READERS#*', 'PROXIED#*', 'SALT#*', 'LINKS#*', 'WRITEUP#*']));
    // collect may read a write-up, never write one: its writes reach readers' days, salts and links only.
    const collectWrites = policyOf('CollectRole').filter((s) => /PutItem|UpdateItem|DeleteItem/.test(JSON.stringify(s.Action)));
    expect(collectWrites.flatMap((s) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['(any)'])).toEqual([
      'READERS#*',
      'PROXIED#*',
      'SALT#*',
      'LINKS#*',
    ]);
    // Rollups are the consumer's: the request paths only store facts.
    expect(collect).not.toContain('ORG');
    expect(forms).not.toContain('ORG');
    expect(collect).not.toEqual(expect.arrayContaining(['REVIEW#*']));
    expect(collect.some((key) => /REVIEW|TOKEN|TEMPLATE|\(any\)/.test(key))).toBe(false);
    expect(forms).toEqual(expect.arrayContaining(['TOKEN#*', 'REVIEW#*']));
    expect(forms.some((key) => /WRITEUP|READERS|\(any\)/.test(key))).toBe(false);
    expect(policyOf('CollectRole').some((s) => JSON.stringify(s.Action).includes('Query') || JSON.stringify(s.Action).includes('Scan'))).toBe(false);
  });

  it('reads the admin token from SSM in the admin function only; no token in the template', () => {
    const { collect, forms, admin } = functionsByName();
    expect(admin.Properties.Environment.Variables.ADMIN_TOKEN_PARAMETER).toBe('/learning-signals/admin-token');
    expect(collect.Properties.Environment.Variables.ADMIN_TOKEN_PARAMETER).toBeUndefined();
    expect(forms.Properties.Environment.Variables.ADMIN_TOKEN_PARAMETER).toBeUndefined();
    expect(JSON.stringify(policyOf('AdminRole'))).toContain('ssm:GetParameter');
    expect(JSON.stringify(policyOf('CollectRole'))).not.toContain('ssm:');
    expect(JSON.stringify(template.toJSON())).not.toMatch(/ADMIN_TOKEN"\s*:/);
  });

  it('signs people in through the provider given in context: settings on the admin function only, its client secret read from SSM by admin alone', () => {
    const functions = Object.entries(withSignIn.findResources('AWS::Lambda::Function'));
    const env = (name: string) => functions.find(([id]) => id.startsWith(name))![1].Properties.Environment.Variables;
    expect(env('AdminFunction')).toMatchObject({
      OIDC_ISSUER: SIGN_IN.oidcIssuer,
      OIDC_CLIENT_ID: SIGN_IN.oidcClientId,
      OIDC_CLIENT_SECRET_PARAMETER: '/learning-signals/oidc-client-secret',
      ADMIN_EMAILS: 'root@acme.com',
      OIDC_ADMIN_GROUPS: 'sre-leads',
      OIDC_FACILITATOR_GROUPS: 'facilitators',
    });
    for (const name of ['CollectFunction', 'FormsFunction', 'CountsFunction']) expect(env(name).OIDC_ISSUER).toBeUndefined();
    const policies = Object.values(withSignIn.findResources('AWS::IAM::Policy'));
    const reading = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('oidc-client-secret'));
    expect(reading).toHaveLength(1);
    expect(JSON.stringify(reading[0]!.Properties.Roles)).toContain('AdminRole');
    expect(JSON.stringify(withSignIn.toJSON())).not.toMatch(/OIDC_CLIENT_SECRET"\s*:/);
    expect(() => new LearningSignalsStack(unbundled({ oidcIssuer: 'http://idp.example' }), 'Plain')).toThrow(/oidcClientId|https/);
  });

  it("imports Confluence's page views daily when asked: its own function on a schedule, the token from SSM, a narrow role", () => {
    const confluence = Template.fromStack(
      new LearningSignalsStack(unbundled({ confluenceUrl: 'https://acme.atlassian.net', confluenceEmail: 'ops@acme.com' }), 'Confluence'),
    );
    confluence.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(15 3 * * ? *)', State: 'ENABLED' });
    const functions = Object.entries(confluence.findResources('AWS::Lambda::Function'));
    const env = (name: string) => functions.find(([id]) => id.startsWith(name))![1].Properties.Environment.Variables;
    for (const name of ['ImportsFunction', 'AdminFunction']) {
      expect(env(name)).toMatchObject({
        CONFLUENCE_URL: 'https://acme.atlassian.net',
        CONFLUENCE_EMAIL: 'ops@acme.com',
        CONFLUENCE_API_TOKEN_PARAMETER: '/learning-signals/confluence-api-token',
      });
    }
    expect(env('CollectFunction').CONFLUENCE_URL).toBeUndefined();
    const policies = Object.values(confluence.findResources('AWS::IAM::Policy'));
    const importsPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('ImportsRole'))!.Properties.PolicyDocument.Statement as Array<{
      Action: unknown;
      Condition?: Record<string, Record<string, string[]>>;
    }>;
    const writes = importsPolicy.filter((st) => JSON.stringify(st.Action).includes('PutItem'));
    expect(writes.flatMap((st) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['(any)'])).toEqual(['PLATFORM', 'PLATFORM#*']);
    expect(template.findResources('AWS::Events::Rule')).toEqual({});
  });

  it("registers write-ups from incident platforms only when each is set up: the hooks with a webhook's secret, the daily pull with FireHydrant's key", () => {
    type Statement = { Action: unknown; Condition?: Record<string, Record<string, string[]>> };
    const statementsOf = (stack: Template, role: string) =>
      Object.values(stack.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const writesWriteups = (statements: Statement[]) =>
      statements.some(
        (st) =>
          JSON.stringify(st.Action).includes('PutItem') &&
          JSON.stringify(st.Condition ?? {}).includes('WSOURCE#*') &&
          JSON.stringify(st.Condition).includes('WRITEUP#*'),
      );
    const env = (stack: Template, name: string) =>
      Object.entries(stack.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(name))?.[1].Properties.Environment.Variables;

    // Without any: the hooks write no write-up, there is no imports function and no pull.
    expect(writesWriteups(statementsOf(template, 'HooksRole'))).toBe(false);
    expect(env(template, 'ImportsFunction')).toBeUndefined();
    expect(JSON.stringify(template.findResources('AWS::Scheduler::Schedule'))).not.toContain('incident-platforms');

    for (const [platform, secret] of [
      ['incidentIo', 'INCIDENT_IO_WEBHOOK_SECRET_PARAMETER'],
      ['rootly', 'ROOTLY_WEBHOOK_SECRET_PARAMETER'],
    ] as const) {
      const stack = Template.fromStack(
        new LearningSignalsStack(unbundled({ [`${platform}WebhookSecretParameter`]: `/ls/${platform}-secret` }), `Hook${platform}`),
      );
      expect(writesWriteups(statementsOf(stack, 'HooksRole'))).toBe(true);
      expect(env(stack, 'HooksFunction')[secret]).toBe(`/ls/${platform}-secret`);
      expect(env(stack, 'AdminFunction')[secret]).toBeUndefined();
      expect(env(stack, 'ImportsFunction')).toBeUndefined();
      // Only the hooks may read the secret.
      const readers = Object.values(stack.findResources('AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties.PolicyDocument).includes(`${platform}-secret`),
      );
      expect(readers.map((p) => JSON.stringify(p.Properties.Roles).match(/(\w+)Role/)?.[1])).toEqual(['Hooks']);
    }

    const pulled = Template.fromStack(new LearningSignalsStack(unbundled({ firehydrantApiKeyParameter: '/ls/fh' }), 'FireHydrant'));
    expect(env(pulled, 'ImportsFunction').FIREHYDRANT_API_KEY_PARAMETER).toBe('/ls/fh');
    expect(env(pulled, 'AdminFunction').FIREHYDRANT_API_KEY_PARAMETER).toBe('/ls/fh');
    expect(env(pulled, 'HooksFunction').FIREHYDRANT_API_KEY_PARAMETER).toBeUndefined();
    expect(writesWriteups(statementsOf(pulled, 'ImportsRole'))).toBe(true);
    expect(writesWriteups(statementsOf(pulled, 'HooksRole'))).toBe(false);
    pulled.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(45 3 * * ? *)',
      Target: Match.objectLike({ Input: JSON.stringify({ job: 'incident-platforms' }) }),
    });
    // No Confluence: no Confluence schedule, and its settings nowhere.
    expect(pulled.findResources('AWS::Events::Rule')).toEqual({});
    expect(env(pulled, 'ImportsFunction').CONFLUENCE_API_TOKEN_PARAMETER).toBeUndefined();
  });

  it("imports Google's and Microsoft's views only when each is set up: a schedule each, the secret read by imports and admin alone", () => {
    const env = (stack: Template, name: string) =>
      Object.entries(stack.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(name))?.[1].Properties.Environment.Variables;
    const readersOf = (stack: Template, parameter: string) =>
      Object.values(stack.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes(parameter))
        .map((p) => JSON.stringify(p.Properties.Roles).match(/(\w+)Role/)?.[1])
        .sort();
    const schedules = (stack: Template) => Object.values(stack.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);

    // Without either: no imports function, no schedule.
    expect(env(template, 'ImportsFunction')).toBeUndefined();
    expect(schedules(template)).toEqual([]);

    const google = Template.fromStack(
      new LearningSignalsStack(unbundled({ googleServiceAccountKeyParameter: '/ls/google-key', googleAdminSubject: 'reports-admin@acme.com' }), 'Google'),
    );
    expect(env(google, 'ImportsFunction')).toMatchObject({
      GOOGLE_SERVICE_ACCOUNT_KEY_PARAMETER: '/ls/google-key',
      GOOGLE_ADMIN_SUBJECT: 'reports-admin@acme.com',
    });
    expect(env(google, 'HooksFunction').GOOGLE_SERVICE_ACCOUNT_KEY_PARAMETER).toBeUndefined();
    expect(readersOf(google, 'google-key')).toEqual(['Admin', 'Imports']);
    expect(schedules(google)).toEqual([
      expect.objectContaining({ ScheduleExpression: 'cron(25 3 * * ? *)', Target: expect.objectContaining({ Input: JSON.stringify({ job: 'google' }) }) }),
    ]);
    expect(env(google, 'ImportsFunction').MS_CLIENT_SECRET_PARAMETER).toBeUndefined();

    const microsoft = Template.fromStack(
      new LearningSignalsStack(unbundled({ msTenantId: 'acme.onmicrosoft.com', msClientId: 'app-1', msClientSecretParameter: '/ls/ms-secret' }), 'Microsoft'),
    );
    expect(env(microsoft, 'ImportsFunction')).toMatchObject({
      MS_TENANT_ID: 'acme.onmicrosoft.com',
      MS_CLIENT_ID: 'app-1',
      MS_CLIENT_SECRET_PARAMETER: '/ls/ms-secret',
    });
    expect(readersOf(microsoft, 'ms-secret')).toEqual(['Admin', 'Imports']);
    expect(schedules(microsoft)).toEqual([
      expect.objectContaining({ ScheduleExpression: 'cron(35 3 * * ? *)', Target: expect.objectContaining({ Input: JSON.stringify({ job: 'microsoft' }) }) }),
    ]);
    // Half a setup is refused at synth, in the functions' own words.
    expect(() => new LearningSignalsStack(unbundled({ msTenantId: 'acme.onmicrosoft.com', msClientId: 'app-1' }), 'HalfMicrosoft')).not.toThrow();
    expect(
      () => new LearningSignalsStack(unbundled({ googleServiceAccountKeyParameter: '/ls/google-key', googleAdminSubject: 'not-an-address' }), 'BadSubject'),
    ).toThrow(/GOOGLE_ADMIN_SUBJECT must be an administrator's e-mail address/);
  });

  it('sends the weekly digest when asked: its own function, EventBridge Scheduler weekly and hourly for retries, SES and the webhook from SSM, a narrow role', () => {
    const stack = Template.fromStack(new LearningSignalsStack(unbundled({ ...DIGEST, digestSchedule: 'FRI 16:30' }), 'Digest'));
    const schedules = Object.values(stack.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties.ScheduleExpression);
    expect(schedules.sort()).toEqual(['cron(30 16 ? * FRI *)', 'rate(1 hour)']);
    stack.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } }) });
    const functions = Object.entries(stack.findResources('AWS::Lambda::Function'));
    const env = (name: string) => functions.find(([id]) => id.startsWith(name))![1].Properties.Environment.Variables;
    for (const name of ['DigestFunction', 'AdminFunction']) {
      expect(env(name)).toMatchObject({
        DIGEST_SCHEDULE: 'FRI 16:30',
        DIGEST_EMAIL_TO: 'leaders@acme.com,sre@acme.com',
        DIGEST_SLACK_WEBHOOK_URL_PARAMETER: '/learning-signals/digest-slack-webhook',
      });
      expect(env(name).DIGEST_SLACK_WEBHOOK_URL).toBeUndefined();
    }
    expect(env('CollectFunction').DIGEST_EMAIL_TO).toBeUndefined();
    const policies = Object.values(stack.findResources('AWS::IAM::Policy'));
    const statements = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('DigestRole'))!.Properties.PolicyDocument.Statement as Array<{
      Action: unknown;
      Resource: unknown;
      Condition?: Record<string, Record<string, unknown>>;
    }>;
    const writes = statements.filter((st) => JSON.stringify(st.Action).includes('UpdateItem'));
    // Its own records, and reviews' follow-ups (survey links after a review, one reminder): their items, the review, its write-up, the new links.
    expect(writes.flatMap((st) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[])).toEqual([
      'DIGEST#*',
      'FOLLOWUPS',
      'REVIEW#*',
      'TOKEN#*',
      'WRITEUP#*',
    ]);
    const removes = statements.filter((st) => /PutItem|DeleteItem|BatchWriteItem/.test(JSON.stringify(st.Action)));
    expect(removes.flatMap((st) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[])).toEqual([
      'FOLLOWUPS',
      'REVIEW#*',
      'TOKEN#*',
      'WRITEUP#*',
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/TransactWrite/);
    const ses = statements.find((st) => JSON.stringify(st.Action).includes('ses:SendEmail'))!;
    expect(ses.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'signals@acme.com' } });
    expect(JSON.stringify(ses.Resource)).toMatch(/identity\/signals@acme\.com.*identity\/acme\.com/);
    expect(JSON.stringify(statements)).toContain('ssm:GetParameter');
    stack.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', AlarmDescription: Match.stringLikeRegexp('digest') });
    expect(template.findResources('AWS::Scheduler::Schedule')).toEqual({});
    expect(() => new LearningSignalsStack(unbundled({ digestEmailTo: 'a@acme.com', publicUrl: 'https://s.acme.com' }), 'NoFrom')).toThrow(/digestEmailFrom/);
    expect(() => new LearningSignalsStack(unbundled({ digestSlackWebhookParameter: '/x' }), 'NoUrl')).toThrow(/publicUrl/);
  });

  it('gives each function exactly the settings declared for it, a secret as the name of an SSM parameter only those functions may read', () => {
    // Every context name a setting declares (the type makes a new one appear here), each with a value its check accepts.
    const declared: Record<ContextName, string> = {
      publicUrl: 'https://signals.acme.com',
      onboardingUrlPrefixes: 'https://wiki.acme.com/onboarding',
      edgeSecretParameter: '/ls/edge-secret',
      adminTokenParameter: '/ls/admin-token',
      oidcIssuer: 'https://acme.okta.com',
      oidcClientId: '0oa1example',
      oidcClientSecretParameter: '/ls/oidc-client-secret',
      oidcGroupsClaim: 'roles',
      oidcAdminGroups: 'sre-leads',
      oidcFacilitatorGroups: 'facilitators',
      oidcAllowedDomains: 'acme.com',
      adminEmails: 'root@acme.com',
      githubWebhookSecretParameter: '/ls/github-webhook-secret',
      slackSigningSecretParameter: '/ls/slack-signing-secret',
      slackBotTokenParameter: '/ls/slack-bot-token',
      confluenceUrl: 'https://acme.atlassian.net',
      confluenceEmail: 'ops@acme.com',
      confluenceApiTokenParameter: '/ls/confluence-api-token',
      digestSchedule: 'FRI 16:30',
      digestSlackWebhookParameter: '/ls/digest-slack-webhook',
      digestEmailTo: 'leaders@acme.com',
      digestEmailFrom: 'signals@acme.com',
      incidentIoWebhookSecretParameter: '/ls/incident-io-webhook-secret',
      incidentIoApiKeyParameter: '/ls/incident-io-api-key',
      rootlyWebhookSecretParameter: '/ls/rootly-webhook-secret',
      rootlyApiKeyParameter: '/ls/rootly-api-key',
      firehydrantApiKeyParameter: '/ls/firehydrant-api-key',
      googleServiceAccountKeyParameter: '/ls/google-service-account-key',
      googleAdminSubject: 'reports-admin@acme.com',
      msTenantId: 'acme.onmicrosoft.com',
      msClientId: '00000000-0000-0000-0000-000000000001',
      msClientSecretParameter: '/ls/ms-client-secret',
    };
    // Bundles are not under test here: synthesized without them.
    const stack = Template.fromStack(new LearningSignalsStack(new App({ context: { ...declared, ...EDGE, 'aws:cdk:bundling-stacks': [] } }), 'Declared'));
    const functions = Object.entries(stack.findResources('AWS::Lambda::Function'));
    const policies = Object.values(stack.findResources('AWS::IAM::Policy'));
    const named = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;
    for (const [variable, setting] of Object.entries(SETTINGS) as Array<[string, Declaration]>) {
      const inEnvironment = setting.secret ? `${variable}_PARAMETER` : variable;
      const given = FUNCTIONS.filter(
        (name) => functions.find(([id]) => id.startsWith(`${named(name)}Function`))![1].Properties.Environment.Variables[inEnvironment] !== undefined,
      );
      expect({ variable, given }).toEqual({ variable, given: FUNCTIONS.filter((name) => setting.aws?.functions.includes(name)) });
      if (setting.secret && setting.aws?.context) {
        const parameter = declared[setting.aws.context as ContextName];
        const readers = FUNCTIONS.filter((name) =>
          policies.some(
            (p) =>
              JSON.stringify(p.Properties.Roles).includes(`${named(name)}Role`) &&
              JSON.stringify(p.Properties.PolicyDocument).includes(`:parameter${parameter}`),
          ),
        );
        expect({ variable, readers }).toEqual({ variable, readers: given });
      }
    }
    expect(JSON.stringify(stack.toJSON())).not.toMatch(
      /"(ADMIN_TOKEN|OIDC_CLIENT_SECRET|GITHUB_WEBHOOK_SECRET|SLACK_SIGNING_SECRET|SLACK_BOT_TOKEN|CONFLUENCE_API_TOKEN|DIGEST_SLACK_WEBHOOK_URL)"\s*:/,
    );
    // The functions' own checks run at synth: a value they would refuse fails the deploy, not a cold start.
    expect(() => new LearningSignalsStack(new App({ context: { ...declared, digestEmailTo: 'leaders', 'aws:cdk:bundling-stacks': [] } }), 'BadTo')).toThrow(
      'DIGEST_EMAIL_TO must be e-mail addresses separated by commas ("leaders" is not one)',
    );
  });

  it("gives the webhooks' function its own narrow role: it writes links and Slack's taken events only, and reads write-ups and their URLs", () => {
    const statements = policyOf('HooksRole');
    const writes = statements.filter((st) => JSON.stringify(st.Action).match(/PutItem|UpdateItem|DeleteItem/));
    expect(writes.flatMap((st) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['(any)'])).toEqual(['LINKS#*', 'HOOKEVENT#*']);
    expect(
      statements
        .filter((st) => JSON.stringify(st.Action).includes('DeleteItem'))
        .flatMap((st) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['(any)']),
    ).toEqual(['HOOKEVENT#*']);
    const query = statements.find((st) => JSON.stringify(st.Action).includes('Query'))!;
    expect(JSON.stringify(query.Resource)).toContain('/index/gsi1');
    expect(query.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['WRITEUPS'] } });
    expect(JSON.stringify(statements)).not.toMatch(/ssm:/);
  });

  it("lets the webhooks' function hand Slack's work to itself only, asynchronously, retried twice within the hour", () => {
    const hooksId = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) => id.startsWith('HooksFunction'))!;
    const handOff = Object.values(template.findResources('AWS::IAM::Policy')).find((p) => JSON.stringify(p).includes('lambda:InvokeFunction'))!;
    expect(handOff.Properties.PolicyDocument.Statement).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [hooksId, 'Arn'] } },
    ]);
    expect(JSON.stringify(handOff.Properties.Roles)).toContain('HooksRole');
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600, Qualifier: '$LATEST' });
  });

  it('routes the contract through one HTTP API, throttled, with access logs, and CORS left to the beacon route', () => {
    for (const routeKey of [
      'GET /t.js',
      'POST /e',
      'OPTIONS /e',
      'GET /p.gif',
      'GET /go/{id}',
      'GET /healthz',
      'GET /c/{token}',
      'POST /s/{token}',
      'GET /api/writeups/{id}',
      'POST /api/writeups',
      'GET /api/export/reads.csv',
      'POST /hooks/github',
      'POST /hooks/slack',
      'GET /',
      'POST /login',
      'GET /writeups/{id}',
      'GET /auth/login',
      'GET /auth/callback',
      'GET /people',
      'POST /people/{email}',
      'POST /tokens/{id}/revoke',
      'GET /audit',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    const format = JSON.stringify(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(format).not.toContain('sourceIp');
    expect(format).not.toContain('userAgent');
  });

  it('routes every declared operation to the function that serves it, and nothing else', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey as string,
      target: JSON.stringify(r.Properties.Target),
    }));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const functionOf = (target: string) => {
      const integration = Object.entries(integrations).find(([id]) => target.includes(id))![1];
      return JSON.stringify(integration.Properties.IntegrationUri)
        .match(/(Collect|Forms|Admin|Hooks)Function/)![1]!
        .toLowerCase();
    };
    const expected = OPERATIONS.flatMap((op) => [`${op.method.toUpperCase()} ${op.path}`, ...(op.cors ? [`OPTIONS ${op.path}`] : [])]);
    expect(routes.map((r) => r.key).sort()).toEqual([...new Set(expected)].sort());
    for (const op of OPERATIONS)
      expect(functionOf(routes.find((r) => r.key === `${op.method.toUpperCase()} ${op.path}`)!.target), op.operationId).toBe(op.served);
    // One permission a function for the whole API, however many routes it serves.
    expect(Object.keys(template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'apigateway.amazonaws.com' } })).length).toBe(4);
  });

  it('alarms on the 5xx rate, throttles, DynamoDB errors, dead letters and a lagging consumer, to an SNS topic when one is asked for', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 9);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 60_000 });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    withAlarms.resourceCountIs('AWS::SNS::Topic', 1);
    withAlarms.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    withAlarms.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('AlarmTopic') })] });
  });

  it('outputs the API URL and an example embed snippet', () => {
    template.hasOutput('ApiUrl', {});
    template.hasOutput('EmbedExample', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });

  it("bounds what an attack can cost: reserved concurrency per function, the table's most request units a second", () => {
    const { collect, forms, admin, counts, hooks } = functionsByName();
    expect([collect, forms, admin, counts, hooks].map((fn) => fn.Properties.ReservedConcurrentExecutions)).toEqual([100, 20, 10, 10, 10]);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 2000 } });
    const unreserved = Template.fromStack(new LearningSignalsStack(unbundled({ reservedConcurrency: 'off' }), 'Unreserved'));
    expect(JSON.stringify(unreserved.findResources('AWS::Lambda::Function'))).not.toContain('ReservedConcurrentExecutions');
  });

  it('puts an edge in front when asked: CloudFront with a WAF of per-address rate limits and managed rules, the tracker cached there', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    withEdge.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const acl = Object.values(withEdge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    const rules = acl.Rules as Array<{ Name: string; Statement: Record<string, { Limit?: number; AggregateKeyType?: string }> }>;
    expect(rules.map((r) => r.Name)).toEqual(
      expect.arrayContaining([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesCommonRuleSet',
        'RateLimitBeacons',
        'RateLimitGoLinks',
        'RateLimitForms',
        'RateLimitLogin',
      ]),
    );
    expect(rules.find((r) => r.Name === 'RateLimitLogin')!.Statement.RateBasedStatement).toMatchObject({ Limit: 100, AggregateKeyType: 'IP' });
    withEdge.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] },
        CacheBehaviors: [Match.objectLike({ PathPattern: '/t.js', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' })],
        // The API at its own domain; the secret header's value from SSM at deploy, never written in the template.
        Origins: [
          Match.objectLike({
            DomainName: EDGE.apiDomainName,
            OriginCustomHeaders: [{ HeaderName: 'X-Signals-Edge', HeaderValue: { Ref: Match.stringLikeRegexp('SsmParameterValue') } }],
          }),
        ],
      }),
    });
    expect(JSON.stringify(withEdge.toJSON().Parameters)).toContain('/learning-signals/edge-secret');
    // Nothing goes around the edge: the API's execute-api endpoint is off; it answers at its own domain.
    withEdge.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    withEdge.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: EDGE.apiDomainName });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: Match.absent() });
    // The functions that answer requests read the secret from SSM (and refuse a request without it); the others never get it.
    const functions = Object.entries(withEdge.findResources('AWS::Lambda::Function'));
    const env = (name: string) => functions.find(([id]) => id.startsWith(name))![1].Properties.Environment.Variables;
    for (const name of ['CollectFunction', 'FormsFunction', 'AdminFunction', 'HooksFunction']) {
      expect(env(name).EDGE_SECRET_PARAMETER, name).toBe('/learning-signals/edge-secret');
      expect(env(name).EDGE_SECRET, name).toBeUndefined();
    }
    expect(env('CountsFunction').EDGE_SECRET_PARAMETER).toBeUndefined();
    expect(JSON.stringify(withEdge.toJSON().Rules)).toContain('us-east-1');
    expect(() => new LearningSignalsStack(unbundled({ edge: 'true' }), 'NoDomain')).toThrow(/apiDomainName/);
    expect(() => new LearningSignalsStack(unbundled({ ...EDGE, edgeSecret: 'edge-secret-0123456789abcdef' }), 'OldSecret')).toThrow(/SSM/);
  });

  it('passes cdk-nag AwsSolutions, with and without the edge, and cdk-nag would catch a new wildcard', () => {
    for (const context of [{}, EDGE, { confluenceUrl: 'https://acme.atlassian.net', confluenceEmail: 'ops@acme.com', ...SIGN_IN, ...DIGEST }]) {
      const app = unbundled(context);
      new LearningSignalsStack(app, 'Nagged');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).not.toThrow();
    }

    const broken = unbundled();
    const stack = new LearningSignalsStack(broken, 'Broken');
    (stack.node.findChild('CollectRole') as unknown as { addToPolicy(s: PolicyStatement): void }).addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }),
    );
    Validations.of(broken).addPlugins(new AwsSolutionsChecks(broken));
    expect(() => broken.synth()).toThrow();
  }, 180_000);
});
