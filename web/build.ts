import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The tracker's budget, gzipped: it loads on every page of a write-up. */
export const TRACKER_BUDGET_GZIPPED = 700;

/** A script's size as a server would send it: gzipped at the highest level. */
export const gzippedSize = (code: string) => gzipSync(code, { level: 9 }).length;

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const OUT = `${DIST}t.js`;

/**
 * Builds the tracker into web/dist/t.js (minified, no dependencies): the one
 * way it is built, by `npm start` (build:web), the test run's global setup, the
 * CDK app's bundling (so `cdk synth` works from a fresh clone) and the
 * benchmarks. Synchronous, as the stack's bundling settings are.
 */
export function buildTracker(): { raw: number; gzipped: number; code: string } {
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('./tracker/tracker.ts', import.meta.url))],
    bundle: true,
    minify: true,
    // The script is its own function: no wrapper around it.
    format: 'esm',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.text;
  // Written only when it changed, and whole (a rename): tests running beside a
  // synth read the file while it is rebuilt.
  if (!existsSync(OUT) || readFileSync(OUT, 'utf8') !== code) {
    mkdirSync(DIST, { recursive: true });
    const partial = `${OUT}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, OUT);
  }
  return { code, raw: Buffer.byteLength(code), gzipped: gzippedSize(code) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { raw, gzipped } = buildTracker();
  console.log(`web/dist/t.js: ${raw} bytes, ${gzipped} bytes gzipped (budget ${TRACKER_BUDGET_GZIPPED})`);
}
