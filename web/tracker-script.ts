import { readFileSync } from 'node:fs';

/**
 * The built tracker (see web/build.ts). Lambda bundles carry it inline through
 * esbuild's `define`; locally it is read from web/dist once.
 */
export function loadTrackerScript(): string {
  return process.env.TRACKER_SOURCE ?? readFileSync(new URL('./dist/t.js', import.meta.url), 'utf8');
}
