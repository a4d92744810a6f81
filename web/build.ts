import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Builds the tracker into web/dist/t.js (minified, no dependencies). */
export async function buildTracker(): Promise<{ raw: number; gzipped: number; code: string }> {
  const result = await build({
    entryPoints: [new URL('./tracker/tracker.ts', import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.text;
  mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./dist/t.js', import.meta.url), code);
  return { code, raw: Buffer.byteLength(code), gzipped: gzipSync(code, { level: 9 }).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { raw, gzipped } = await buildTracker();
  console.log(`web/dist/t.js: ${raw} bytes, ${gzipped} bytes gzipped`);
}
