import { appendFileSync, mkdirSync } from 'node:fs';

export const FIGURES_FILE = new URL('../.artifacts/figures.txt', import.meta.url).pathname;

/** Notes a figure for the run's closing summary (printed by the global setup's teardown). */
export function recordFigure(line: string) {
  mkdirSync(new URL('../.artifacts/', import.meta.url).pathname, { recursive: true });
  appendFileSync(FIGURES_FILE, `${line}\n`);
}
