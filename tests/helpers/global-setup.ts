import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';
import { buildTracker } from '../../web/build';
import { FIGURES_FILE } from './figures';
import { privacyAudit } from './privacy-audit';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in vitest.config.ts on the projects whose tests store: they get DynamoDB Local. */
    usesStore: boolean;
    dynamoEndpoint: string;
  }
}

/**
 * What the projects of one run share. Each project loads this file in its own
 * module graph, so it lives on globalThis: one DynamoDB Local for the whole
 * run, whichever projects need it.
 */
interface Run {
  projects: number;
  dynamo?: Promise<DynamoDbLocal>;
}
const RUN = Symbol.for('learning-signals.test-run');
const runs = globalThis as Record<symbol, Run | undefined>;
runs[RUN] ??= { projects: 0 };
const run = runs[RUN];

/**
 * Every project's global setup: the tracker built, and DynamoDB Local started
 * (once) for the projects whose tests store, each test file making its own
 * table. After the last project: the privacy audit over every item of every
 * table, and the figures the hardening tests noted.
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (run.projects++ === 0) {
    rmSync(FIGURES_FILE, { force: true });
    buildTracker();
  }
  if (project.config.provide?.usesStore) {
    run.dynamo ??= startDynamoDbLocal();
    project.provide('dynamoEndpoint', (await run.dynamo).endpoint);
  }
  return async () => {
    if (--run.projects > 0) return;
    const started = run.dynamo;
    delete (globalThis as Record<symbol, Run | undefined>)[RUN];
    const figures = existsSync(FIGURES_FILE) ? readFileSync(FIGURES_FILE, 'utf8').trim() : '';
    if (!started) {
      if (figures) console.log(`\nReliability figures\n${figures}`);
      return;
    }
    const dynamo = await started;
    const audit = await privacyAudit(dynamo.endpoint);
    await dynamo.stop();
    console.log(
      `\nReliability and privacy figures\n${figures}\nprivacy audit: ${audit.items} items in ${audit.tables} tables scanned, ${audit.findings.length} with an address, a user agent or an anonymous name`,
    );
    if (audit.findings.length) throw new Error(`Privacy audit failed:\n${audit.findings.slice(0, 20).join('\n')}`);
  };
}
