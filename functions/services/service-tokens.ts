import { createSign } from 'node:crypto';
import ky, { HTTPError, TimeoutError } from 'ky';
import * as client from 'openid-client';
import * as z from 'zod';
import { ApiRefused } from './json-api';

/**
 * Access tokens for the services the imports read as themselves, not as a
 * person: each asked once and kept until a minute before it runs out.
 */

const KEEP_UNTIL_BEFORE_MS = 60_000;

function kept(ask: () => Promise<{ token: string; expiresInSeconds: number }>): () => Promise<string> {
  let current: { token: string; until: number } | undefined;
  let asking: Promise<string> | undefined;
  return async () => {
    if (current && Date.now() < current.until) return current.token;
    asking ??= ask()
      .then(({ token, expiresInSeconds }) => {
        current = { token, until: Date.now() + expiresInSeconds * 1_000 - KEEP_UNTIL_BEFORE_MS };
        return token;
      })
      .finally(() => {
        asking = undefined;
      });
    return asking;
  };
}

const serviceAccountKey = z.object({
  client_email: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  token_uri: z.url().optional(),
});

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface GoogleCredentials {
  /** The service account's JSON key, as Google Cloud's console hands it out. */
  serviceAccountKey: string | (() => Promise<string>);
  /** The administrator the service account acts for, by domain-wide delegation. */
  subject: string;
  scopes: string[];
  /** Another token endpoint (tests point it at a local server). */
  tokenUrl?: string;
}

/**
 * A service account's token acting for an administrator (domain-wide
 * delegation): a JWT signed with its private key (RS256), exchanged at
 * Google's token endpoint (RFC 7523). Google refusing it (`unauthorized_client`:
 * the delegation or a scope is not granted; `invalid_grant`: a deleted key or
 * an unknown administrator) is an `ApiRefused` saying so.
 */
export function googleToken(credentials: GoogleCredentials): () => Promise<string> {
  return kept(async () => {
    const raw = typeof credentials.serviceAccountKey === 'string' ? credentials.serviceAccountKey : await credentials.serviceAccountKey();
    let key: z.infer<typeof serviceAccountKey>;
    try {
      key = serviceAccountKey.parse(JSON.parse(raw));
    } catch {
      throw new ApiRefused(0, "GOOGLE_SERVICE_ACCOUNT_KEY is not a service account's JSON key (with client_email and private_key)", 'bad_key');
    }
    const tokenUrl = credentials.tokenUrl ?? key.token_uri ?? GOOGLE_TOKEN_URL;
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) })}.${part({
      iss: key.client_email,
      sub: credentials.subject,
      scope: credentials.scopes.join(' '),
      aud: tokenUrl,
      iat: now,
      exp: now + 3_600,
    })}`;
    let signature: string;
    try {
      signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key, 'base64url');
    } catch {
      throw new ApiRefused(0, "GOOGLE_SERVICE_ACCOUNT_KEY's private key cannot sign", 'bad_key');
    }
    try {
      const answer = await ky
        .post(tokenUrl, {
          body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` }),
          timeout: 10_000,
          retry: { limit: 2, methods: ['post'], statusCodes: [429, 500, 502, 503, 504] },
        })
        .json<{ access_token?: unknown; expires_in?: unknown }>();
      if (typeof answer.access_token !== 'string') throw new ApiRefused(200, 'Google answered its token request without a token');
      return { token: answer.access_token, expiresInSeconds: typeof answer.expires_in === 'number' ? answer.expires_in : 3_600 };
    } catch (error) {
      if (error instanceof HTTPError) {
        const body = (await error.response.json().catch(() => ({}))) as { error?: string; error_description?: string };
        throw new ApiRefused(
          error.response.status,
          `Google refused the service account (${body.error ?? error.response.status})${body.error_description ? `: ${body.error_description}` : ''}`,
          body.error,
        );
      }
      if (error instanceof TimeoutError) throw new ApiRefused(0, 'Google did not answer its token request in time');
      if (error instanceof TypeError)
        throw new ApiRefused(0, `Google's token endpoint could not be reached (${(error.cause as Error | undefined)?.message ?? error.message})`);
      throw error;
    }
  });
}

export const MICROSOFT_LOGIN_URL = 'https://login.microsoftonline.com';

export interface MicrosoftCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string | (() => Promise<string>);
  /** Another sign-in host (tests point it at a local server). */
  loginUrl?: string;
}

/**
 * An app's token for Microsoft Graph (client credentials, through
 * `openid-client`): Entra refusing it (`invalid_client`: a wrong or expired
 * secret; `unauthorized_client`: an app unknown in the tenant) is an
 * `ApiRefused` saying so.
 */
export function microsoftToken(credentials: MicrosoftCredentials): () => Promise<string> {
  return kept(async () => {
    const login = (credentials.loginUrl ?? MICROSOFT_LOGIN_URL).replace(/\/+$/, '');
    const tenant = encodeURIComponent(credentials.tenantId);
    const secret = typeof credentials.clientSecret === 'string' ? credentials.clientSecret : await credentials.clientSecret();
    const config = new client.Configuration(
      { issuer: `${login}/${tenant}/v2.0`, token_endpoint: `${login}/${tenant}/oauth2/v2.0/token` },
      credentials.clientId,
      secret,
    );
    // Only a local stand-in is http: Entra is https.
    if (login.startsWith('http:')) client.allowInsecureRequests(config);
    try {
      const answer = await client.clientCredentialsGrant(config, { scope: 'https://graph.microsoft.com/.default' });
      return { token: answer.access_token, expiresInSeconds: answer.expiresIn() ?? 3_600 };
    } catch (error) {
      if (error instanceof client.ResponseBodyError)
        throw new ApiRefused(
          error.status,
          `Microsoft refused the app's credentials (${error.error})${error.error_description ? `: ${error.error_description.split(/\r?\n/)[0]}` : ''}`,
          error.error,
        );
      throw new ApiRefused(0, `Microsoft's sign-in could not be reached (${(error as Error).message})`);
    }
  });
}
