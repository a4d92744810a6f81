import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { FIGURES_FILE } from './figures';
import { privacyAudit } from './privacy-audit';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/**
 * One DynamoDB Local for the whole run (each test file makes its own table).
 * After the run: the privacy audit over every item of every table, and the
 * figures the hardening tests noted.
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  rmSync(FIGURES_FILE, { force: true });
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    const audit = await privacyAudit(dynamo.endpoint);
    await dynamo.stop();
    const figures = existsSync(FIGURES_FILE) ? readFileSync(FIGURES_FILE, 'utf8').trim() : '';
    console.log(`\nReliability and privacy figures\n${figures}\nprivacy audit: ${audit.items} items in ${audit.tables} tables scanned, ${audit.findings.length} with an address, a user agent or an anonymous name`);
    if (audit.findings.length) throw new Error(`Privacy audit failed:\n${audit.findings.slice(0, 20).join('\n')}`);
  };
}
