import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../functions/data/client';
import { domainAllowed } from '../../functions/domain/people';
import { appDeps } from '../../functions/app-deps';
import { readSettings } from '../../functions/shared/settings';
import { configurationTables, generatedPart } from '../../infra/configuration';

// No store is reached here: the deps are built, never used against a table.
const store = createStore({ table: 'settings-unit', endpoint: 'http://127.0.0.1:9' });

describe('the settings', () => {
  it('are documented in docs/configuration.md by the table their declarations make', () => {
    expect(generatedPart(readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8'))).toBe(configurationTables());
  });

  it('take their defaults when unset or empty', () => {
    const settings = readSettings({ READ_SECONDS: '', TABLE_NAME: '' });
    expect([
      settings.READ_SECONDS,
      settings.TABLE_NAME,
      settings.TRUST_PROXY,
      settings.PORT,
      settings.DATA_DIR,
      settings.RATE_LIMITS,
      settings.OIDC_GROUPS_CLAIM,
    ]).toEqual([30, 'learning-signals', 0, 3000, '.data', true, 'groups']);
    expect(readSettings({ RATE_LIMITS: 'off', ADMIN_EMAILS: 'Root@Acme.com, ops@acme.com' })).toMatchObject({
      RATE_LIMITS: false,
      ADMIN_EMAILS: ['root@acme.com', 'ops@acme.com'],
    });
  });

  it('say every value that fails its check, one line each, with what it must be', () => {
    expect(() => readSettings({ READ_SECONDS: 'soon', TRUST_PROXY: '11', PORT: '70000' })).toThrow(
      [
        'READ_SECONDS must be a number of seconds',
        'PORT must be a port number from 1 to 65535 (got "70000").',
        'TRUST_PROXY must be the number of proxies in front: 0 (none) to 10',
      ].join('\n'),
    );
    expect(() => readSettings({ OIDC_ISSUER: 'idp.example' })).toThrow('OIDC_ISSUER must be the identity provider\'s issuer URL (got "idp.example")');
    expect(() => readSettings({ OIDC_ISSUER: 'http://idp.example' })).toThrow(/https:\/\//);
    expect(() => readSettings({ DIGEST_SCHEDULE: 'someday' })).toThrow('DIGEST_SCHEDULE must be a weekday and a UTC time such as "MON 09:00" (got "someday")');
  });

  it('need the client id and secret with the sign-in issuer; in AWS the secret may be an SSM parameter', () => {
    expect(() => readSettings({ OIDC_ISSUER: 'https://idp.example' })).toThrow(
      'OIDC_CLIENT_ID must be set with OIDC_ISSUER: the client id this product is registered with\nOIDC_CLIENT_SECRET (or, in AWS, OIDC_CLIENT_SECRET_PARAMETER) must be set with OIDC_ISSUER',
    );
    expect(readSettings({ OIDC_ISSUER: ' https://idp.example ', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET_PARAMETER: '/p' }).OIDC_ISSUER).toBe(
      'https://idp.example',
    );
  });
});

describe('OIDC_ALLOWED_DOMAINS', () => {
  it('lists e-mail domains in lower case, none when unset; anything else is refused by name', () => {
    expect(readSettings({}).OIDC_ALLOWED_DOMAINS).toEqual([]);
    expect(readSettings({ OIDC_ALLOWED_DOMAINS: ' Acme.com, acme.co.uk ,' }).OIDC_ALLOWED_DOMAINS).toEqual(['acme.com', 'acme.co.uk']);
    for (const bad of ['@acme.com', 'https://acme.com', 'acme', 'acme.com/x', '*.acme.com']) {
      expect(() => readSettings({ OIDC_ALLOWED_DOMAINS: bad }), bad).toThrow(
        `OIDC_ALLOWED_DOMAINS must be e-mail domains separated by commas, such as acme.com ("${bad}" is not one)`,
      );
    }
  });

  it('let in an e-mail of a listed domain exactly, in any case; a subdomain only when listed itself', () => {
    const allowed = ['acme.com'];
    expect(domainAllowed('ann@acme.com', allowed)).toBe(true);
    expect(domainAllowed('Ann@ACME.com', allowed)).toBe(true);
    expect(domainAllowed('ann@eu.acme.com', allowed)).toBe(false);
    expect(domainAllowed('ann@notacme.com', allowed)).toBe(false);
    expect(domainAllowed('ann@acme.com.evil.example', allowed)).toBe(false);
    expect(domainAllowed('"ann@acme.com"@evil.example', allowed)).toBe(false);
    expect(domainAllowed('ann@evil.example', [])).toBe(true);
  });
});

describe('the dependencies built from the settings', () => {
  it('read a secret from its SSM parameter once per cold start where SSM is read, and again after a failed read', async () => {
    const reads: string[] = [];
    let fail = true;
    const readParameter = async (name: string) => {
      reads.push(name);
      if (fail) throw new Error(`SSM parameter ${name}: AccessDenied`);
      return 'from-ssm';
    };
    const deps = appDeps(
      { store, readParameter },
      readSettings({ GITHUB_WEBHOOK_SECRET_PARAMETER: '/learning-signals/github', GITHUB_WEBHOOK_SECRET: 'plain' }),
    );
    await expect(deps.githubWebhookSecret!()).rejects.toThrow(/AccessDenied/);
    fail = false;
    expect(await deps.githubWebhookSecret!()).toBe('from-ssm');
    expect(await deps.githubWebhookSecret!()).toBe('from-ssm');
    expect(reads).toEqual(['/learning-signals/github', '/learning-signals/github']);
  });

  it('elsewhere take a secret from its plain variable; a parameter alone serves nothing with an empty secret', async () => {
    const plain = appDeps({ store }, readSettings({ GITHUB_WEBHOOK_SECRET: 'plain', SLACK_SIGNING_SECRET: 'signing' }));
    expect(await plain.githubWebhookSecret!()).toBe('plain');
    expect(await plain.slack!.signingSecret()).toBe('signing');
    expect(plain.slack!.botToken).toBeUndefined();
    const parameterOnly = appDeps({ store }, readSettings({ GITHUB_WEBHOOK_SECRET_PARAMETER: '/gh', SLACK_SIGNING_SECRET_PARAMETER: '/slack' }));
    expect(parameterOnly.githubWebhookSecret).toBeUndefined();
    expect(parameterOnly.slack).toBeUndefined();
  });

  it('turn Confluence and the digest on with their settings, and say where the admin token is', async () => {
    const off = appDeps({ store }, readSettings({ CONFLUENCE_URL: 'https://acme.atlassian.net', CONFLUENCE_EMAIL: 'ops@acme.com' }));
    expect(off.confluence).toBeUndefined();
    expect(off.digest.email).toBeUndefined();
    expect(off.digest.slackWebhookUrl).toBeUndefined();
    expect(off.adminTokenHint).toBe('the SSM parameter /learning-signals/admin-token (aws ssm get-parameter --with-decryption).');
    const on = appDeps(
      { store, readParameter: async (name) => `token from ${name}` },
      readSettings({
        CONFLUENCE_URL: 'https://acme.atlassian.net',
        CONFLUENCE_EMAIL: 'ops@acme.com',
        CONFLUENCE_API_TOKEN_PARAMETER: '/confluence',
        DIGEST_EMAIL_TO: 'leads@acme.com',
        DIGEST_EMAIL_FROM: 'signals@acme.com',
        AWS_LAMBDA_FUNCTION_NAME: 'digest',
        DIGEST_SLACK_WEBHOOK_URL_PARAMETER: '/webhook',
        ADMIN_TOKEN_PARAMETER: '/admin',
      }),
    );
    expect(on.confluence).toMatchObject({ url: 'https://acme.atlassian.net', email: 'ops@acme.com' });
    expect(await (on.confluence!.apiToken as () => Promise<string>)()).toBe('token from /confluence');
    expect(on.digest.email).toEqual({ to: ['leads@acme.com'], from: 'signals@acme.com', via: 'ses' });
    expect(await on.digest.slackWebhookUrl!()).toBe('token from /webhook');
    expect(await on.adminToken()).toBe('token from /admin');
    expect(on.adminTokenHint).toBe('the SSM parameter /admin (aws ssm get-parameter --with-decryption).');
  });
});
