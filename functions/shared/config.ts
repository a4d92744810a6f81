import { parseOnboardingPrefixes } from '../domain/links';

/** Settings read from the environment, the same locally and in Lambda. */
export interface Config {
  tableName: string;
  dynamodbEndpoint?: string;
  publicUrl?: string;
  readSeconds: number;
  onboardingPrefixes: string[];
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const readSeconds = Number(env.READ_SECONDS ?? 30);
  if (!Number.isFinite(readSeconds) || readSeconds < 0) throw new Error('READ_SECONDS must be a number of seconds');
  return {
    tableName: env.TABLE_NAME || 'learning-signals',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    readSeconds,
    onboardingPrefixes: parseOnboardingPrefixes(env.ONBOARDING_URL_PREFIXES),
  };
}
