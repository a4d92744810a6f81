import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, buildFunctionBundle, fromRoot } from '../infra/bundling';
import { apiEvent, lambdaContext } from '../tests/helpers/lambda';
import { fmt } from './lib';

const RUNS = 11;

/**
 * Each bundle's size, and its cold start: a fresh Node process that imports
 * the bundle and answers one request, next to a bare handler that loads only
 * the DynamoDB client, bundled the same way.
 */
export async function benchColdStarts(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  const bundles: Array<[string, (file: string) => Promise<number>, object]> = [
    ['bare DynamoDB client', (file) => buildBundle(fromRoot('bench/bare-handler.ts'), file), {}],
    ['collect (GET /healthz)', (file) => buildFunctionBundle('collect', file), apiEvent({ method: 'GET', path: '/healthz', headers: { Host: 'x' } })],
    [
      'forms (GET /s/{unknown})',
      (file) => buildFunctionBundle('forms', file),
      apiEvent({ method: 'GET', path: '/s/AAAAAAAAAAAAAAAAAAAAAA', headers: { Host: 'x', Accept: 'text/html' } }),
    ],
    [
      'admin (GET /api/writeups)',
      (file) => buildFunctionBundle('admin', file),
      apiEvent({ method: 'GET', path: '/api/writeups', headers: { Host: 'x', Authorization: `Bearer ${env.ADMIN_TOKEN}` } }),
    ],
  ];
  console.log(`\n## Lambda bundles: size and cold start (fresh Node process: import + first invocation, median of ${RUNS})`);
  const prepared: Array<{ name: string; bytes: number; runner: string; times: number[] }> = [];
  for (const [name, build, event] of bundles) {
    const file = join(dir, `${name.split(' ')[0]}.mjs`);
    const bytes = await build(file);
    const runner = join(dir, `run-${name.split(' ')[0]}.mjs`);
    writeFileSync(
      runner,
      `const started = performance.now();
const { handler } = await import(${JSON.stringify(file)});
const res = await handler(${JSON.stringify(event)}, ${JSON.stringify(lambdaContext('bench'))});
if (res.statusCode >= 500) throw new Error('answered ' + res.statusCode);
console.log(performance.now() - started);`,
    );
    prepared.push({ name, bytes, runner, times: [] });
  }
  // Round after round, each bundle in turn, so a noisy moment hits them all alike.
  for (let i = 0; i < RUNS; i++) {
    for (const bundle of prepared) {
      // Lambda's environment: a region and credentials are always there.
      const lambdaEnv = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', POWERTOOLS_LOG_LEVEL: 'ERROR' };
      let out: string;
      try {
        out = execFileSync(process.execPath, [bundle.runner], {
          env: { ...process.env, ...env, ...lambdaEnv },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (error) {
        const stderr = String((error as { stderr?: string }).stderr ?? '');
        throw new Error(
          `${bundle.name} failed: ${
            stderr
              .split('\n')
              .filter((l) => /Error/.test(l))
              .at(-1)
              ?.slice(0, 300) ?? 'no output'
          }`,
        );
      }
      bundle.times.push(Number(out.trim().split('\n').at(-1)));
    }
  }
  const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const floor = median(prepared[0]!.times);
  for (const bundle of prepared) {
    const ms = median(bundle.times);
    console.log(`${bundle.name.padEnd(28)} ${fmt(bundle.bytes / 1024, 0).padStart(5)} KB  ${fmt(ms, 0).padStart(4)} ms  ×${fmt(ms / floor, 2)} the floor`);
  }
  console.log('goal: collect within ×1.50 of the floor');
}
