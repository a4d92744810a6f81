import { getParameter } from '@aws-lambda-powertools/parameters/ssm';

/**
 * An SSM SecureString's value, decrypted. Imported only by the handlers of the
 * functions that hold secrets in AWS (admin, hooks, imports, digest), so the
 * other bundles stay free of the SSM client (collect and forms read the edge's
 * secret with the runtime's: runtime-parameter.ts); app-deps.ts reads each
 * secret once per cold start through it.
 */
export async function readSecureString(name: string): Promise<string> {
  const value = await getParameter(name, { decrypt: true, maxAge: 365 * 24 * 3600 });
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
