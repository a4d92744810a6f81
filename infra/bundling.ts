import { fileURLToPath } from 'node:url';
import { buildTracker } from '../web/build';

/** Paths from the project's root. */
export const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

// The functions are listed once, with the settings each one gets.
import type { FunctionName } from '../functions/shared/settings';
export { FUNCTIONS, type FunctionName } from '../functions/shared/settings';

// Built once per process: a test file synthesizes many stacks.
let tracker: string | undefined;

/**
 * How every Lambda bundle is built, shared by the CDK stack (NodejsFunction,
 * local esbuild, never Docker) and by the tests and benchmarks that build the
 * same bundles: ESM, minified, with source maps, the tracker inlined. The
 * tracker is built here, so a synth needs nothing built beforehand.
 */
export function bundleSettings() {
  tracker ??= buildTracker().code;
  return {
    target: 'node22',
    minify: true,
    sourceMap: true,
    define: { 'process.env.TRACKER_SOURCE': JSON.stringify(tracker) },
    // Some dependencies still call require(); ESM bundles need it defined.
    banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  };
}

/**
 * What a function takes from Lambda's runtime instead of its bundle. Everything
 * else is bundled, so the version the tests ran is the one deployed. Collect and
 * forms read the edge's secret with the runtime's SSM client, loaded on their
 * first request and only behind the edge: bundled, it made every reader's cold
 * start parse 220 KB more (×1.80 the floor against ×1.64).
 */
export const RUNTIME_MODULES: Partial<Record<FunctionName, string[]>> = {
  collect: ['@aws-sdk/client-ssm'],
  forms: ['@aws-sdk/client-ssm'],
  // The Slack hook hands its work to the function itself, with the runtime's Lambda client.
  hooks: ['@aws-sdk/client-lambda'],
};

/** A function's entry point. */
export const entryOf = (name: FunctionName) => fromRoot(`functions/${name}/handler.ts`);

/** Builds one function's bundle the way the stack does: for the handler tests and the cold-start benchmark. Returns its size in bytes. */
export const buildFunctionBundle = (name: FunctionName, outfile: string) => buildBundle(entryOf(name), outfile, RUNTIME_MODULES[name]);

/** Builds a bundle of any entry point with the stack's settings, with esbuild directly. Returns its size in bytes. */
export async function buildBundle(entry: string, outfile: string, external: string[] = []): Promise<number> {
  const { build } = await import('esbuild');
  const settings = bundleSettings();
  const result = await build({
    entryPoints: [entry],
    outfile,
    external,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: settings.target,
    minify: settings.minify,
    sourcemap: settings.sourceMap,
    define: settings.define,
    banner: { js: settings.banner },
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile.outputs[Object.keys(result.metafile.outputs).find((out) => out.endsWith('.mjs'))!]!.bytes;
}
