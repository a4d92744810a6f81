import { getParameter } from '@aws-lambda-powertools/parameters/ssm';

let token: Promise<string> | undefined;

/**
 * The admin token from the SSM SecureString named by ADMIN_TOKEN_PARAMETER,
 * read once per cold start (a failed read is tried again on the next request);
 * ADMIN_TOKEN when no parameter is named.
 */
export function ssmAdminToken(): Promise<string> {
  token ??= read().catch((error) => {
    token = undefined;
    throw error;
  });
  return token;
}

async function read(): Promise<string> {
  const name = process.env.ADMIN_TOKEN_PARAMETER;
  if (!name) return process.env.ADMIN_TOKEN ?? '';
  const value = await getParameter(name, { decrypt: true, maxAge: 365 * 24 * 3600 });
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}

let oidcSecret: Promise<string> | undefined;

/** The OIDC client secret from the SSM SecureString named by OIDC_CLIENT_SECRET_PARAMETER (else OIDC_CLIENT_SECRET), once per cold start. */
export function ssmOidcClientSecret(): Promise<string> {
  oidcSecret ??= readSecret().catch((error) => {
    oidcSecret = undefined;
    throw error;
  });
  return oidcSecret;
}

async function readSecret(): Promise<string> {
  const name = process.env.OIDC_CLIENT_SECRET_PARAMETER;
  if (!name) return process.env.OIDC_CLIENT_SECRET ?? '';
  const value = await getParameter(name, { decrypt: true, maxAge: 365 * 24 * 3600 });
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
