import { parseOnboardingPrefixes } from '../domain/links';

/** Settings read from the environment, the same locally and in Lambda. */
export interface Config {
  tableName: string;
  dynamodbEndpoint?: string;
  publicUrl?: string;
  readSeconds: number;
  onboardingPrefixes: string[];
  /** How many proxies stand in front of the local server (TRUST_PROXY). */
  trustProxy: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const readSeconds = Number(env.READ_SECONDS ?? 30);
  if (!Number.isFinite(readSeconds) || readSeconds < 0) throw new Error('READ_SECONDS must be a number of seconds');
  const trustProxy = Number(env.TRUST_PROXY || 0);
  if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) throw new Error('TRUST_PROXY must be the number of proxies in front: 0 (none) to 10');
  return {
    trustProxy,
    tableName: env.TABLE_NAME || 'learning-signals',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    readSeconds,
    onboardingPrefixes: parseOnboardingPrefixes(env.ONBOARDING_URL_PREFIXES),
  };
}
