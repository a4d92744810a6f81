import type { Api, RecountAnswer } from './api';

export interface RecountOptions {
  from: string;
  to: string;
  dryRun: boolean;
  api: Api;
  out: (line: string) => void;
}

/**
 * Proves a range's counts from the facts still in the table: each write-up's
 * reads and months first, then the organization's days (which add those up).
 * Prints every correction; returns how many there were.
 */
export async function recount(options: RecountOptions): Promise<number> {
  const { from, to, dryRun, api, out } = options;
  const answers: RecountAnswer[] = [];
  for (const writeup of await api.writeups()) answers.push(await api.recount({ from, to, writeup: writeup.id, dryRun }));
  answers.push(await api.recount({ from, to, dryRun }));
  const corrections = answers.flatMap((answer) => answer.corrections);
  for (const c of corrections) out(`${c.rollup.padEnd(10)} ${(c.writeupId ? `${c.writeupId} ` : '') + c.of}  ${c.counter}: ${c.was} → ${c.now}`);
  for (const note of new Set(answers.flatMap((answer) => answer.notes))) out(`Note: ${note}`);
  const verb = dryRun ? 'would correct' : 'corrected';
  out(
    corrections.length
      ? `Recounted ${from} to ${to}: ${verb} ${corrections.length} ${corrections.length === 1 ? 'count' : 'counts'}.`
      : `Recounted ${from} to ${to}: every count matches its facts.`,
  );
  return corrections.length;
}
