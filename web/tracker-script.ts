import { readFileSync } from 'node:fs';

/**
 * The built tracker (see web/build.ts). Lambda bundles carry it inline through
 * esbuild's `define`; locally it is read from web/dist once.
 */
export function loadTrackerScript(): string {
  // biome-ignore lint/style/noProcessEnv: not a setting: esbuild puts the built script here in each Lambda bundle (infra/bundling.ts).
  return process.env.TRACKER_SOURCE ?? readFileSync(new URL('./dist/t.js', import.meta.url), 'utf8');
}
