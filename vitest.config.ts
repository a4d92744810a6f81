import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The test tiers, each a project (`vitest run --project unit`, or
 * `npm run test:unit`, `test:fast`, …). Only the tiers whose tests store get
 * DynamoDB Local; one is shared by all of them, and each test file makes its
 * own table.
 */
const tier = (
  name: string,
  { usesStore, include = [`tests/${name}/**/*.test.ts`], exclude = [] }: { usesStore: boolean; include?: string[]; exclude?: string[] },
): TestProjectInlineConfiguration => ({
  test: {
    name,
    include,
    exclude,
    // Builds the tracker, starts DynamoDB Local for the tiers that store, and
    // after the run prints the privacy audit and the figures tests noted.
    globalSetup: ['tests/helpers/global-setup.ts'],
    provide: { usesStore },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Node 20 here, 22+ in Lambda: the SDK's notice about Node 20 is known.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});

const PACKAGED = ['tests/integration/start.test.ts', 'tests/integration/lambda-handlers.test.ts'];

export default defineConfig({
  test: {
    projects: [
      // Pure rules and helpers: no store, no network.
      tier('unit', { usesStore: false }),
      // The apps over the real store (DynamoDB Local).
      tier('integration', { usesStore: true, exclude: PACKAGED }),
      // The product as it ships, slower to set up: `npm start` as a process
      // with its own DynamoDB Local, and the Lambda bundles esbuild builds.
      tier('packaged', { usesStore: true, include: PACKAGED }),
      // Attacks, faults, load, fuzzing.
      tier('hardening', { usesStore: true }),
      // Headless Chromium against the apps.
      tier('browser', { usesStore: true }),
      // The CDK stack, synthesized without bundling the functions.
      tier('infra', { usesStore: false }),
    ],
  },
});
