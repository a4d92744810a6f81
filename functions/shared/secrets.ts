import { getParameter } from '@aws-lambda-powertools/parameters/ssm';

/**
 * An SSM parameter's value, decrypted when it is a SecureString. Imported by the
 * handlers of the functions that hold secrets in AWS (every one that answers
 * requests, for the edge's secret; imports and digest), not by the stream's
 * consumer; app-deps.ts reads each secret once per cold start through it, and
 * only when its `*_PARAMETER` variable is set.
 */
export async function readSecureString(name: string): Promise<string> {
  const value = await getParameter(name, { decrypt: true, maxAge: 365 * 24 * 3600 });
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
