import { spawn } from 'node:child_process';
import { lstat, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Api } from './api';
import { commentText } from './comments';
import { referenceFinder } from '../functions/domain/references';
import { plural } from '../functions/domain/words';
import { permalinks } from './remote';

export const MAX_FILE_BYTES = 1_024 * 1_024;
const BATCH = 100;

export interface ScanOptions {
  repo: string;
  since?: string;
  dryRun: boolean;
  productUrl: string;
  api: Api;
  progress: (line: string) => void;
}

export interface FoundLink {
  writeup: string;
  url: string;
  kind: 'commit' | 'code';
  via: 'scan';
}

export interface ScanSummary {
  commits: number;
  files: number;
  skippedFiles: number;
  links: FoundLink[];
  created: number;
  existing: number;
}

export class NotARepository extends Error {}

/**
 * Scans a repository's commit messages and the comments of its tracked files
 * for references to write-ups, and registers each as a link (one per commit
 * and write-up, one per file and write-up).
 */
export async function scanRepository(options: ScanOptions): Promise<ScanSummary> {
  const top = (await git(options.repo, ['rev-parse', '--show-toplevel']).catch(() => undefined))?.trim();
  if (!top) throw new NotARepository(`${options.repo} is not a git repository.`);
  const remote = (await git(top, ['remote', 'get-url', 'origin']).catch(() => undefined))?.trim() || undefined;
  const links = permalinks(remote, basename(top));
  const writeups = await options.api.writeups();
  const find = referenceFinder(writeups, options.productUrl);
  const found: FoundLink[] = [];
  const summary: ScanSummary = { commits: 0, files: 0, skippedFiles: 0, links: found, created: 0, existing: 0 };
  const hasCommits = Boolean(await git(top, ['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => ''));

  let lastProgress = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastProgress < 500) return;
    lastProgress = now;
    options.progress(`scanned ${plural(summary.commits, 'commit')}, ${plural(summary.files, 'file')}; ${plural(found.length, 'reference')}`);
  };

  if (hasCommits) {
    const args = ['log', '--no-show-signature', '--no-textconv', '--format=%H%x1f%B%x1e', ...(options.since ? [`--since=${options.since}`] : [])];
    for await (const record of gitRecords(top, args, '\x1e')) {
      const [sha, message = ''] = record.replace(/^\n/, '').split('\x1f');
      if (!sha || !/^[0-9a-f]{40}$/.test(sha)) continue;
      summary.commits++;
      for (const writeup of find(message)) found.push({ writeup, url: links.commit(sha), kind: 'commit', via: 'scan' });
      report();
    }
  }

  const paths = (await git(top, ['ls-files', '-z'])).split('\0').filter(Boolean);
  await forEachLimited(paths, 16, async (path) => {
    const text = await readText(join(top, path));
    if (text === undefined) {
      summary.skippedFiles++;
      return;
    }
    summary.files++;
    const comments = commentText(path, text);
    if (comments) for (const writeup of find(comments)) found.push({ writeup, url: links.file(path), kind: 'code', via: 'scan' });
    report();
  });
  report(true);

  if (!options.dryRun) {
    for (let start = 0; start < found.length; start += BATCH) {
      const result = await options.api.registerLinks(found.slice(start, start + BATCH));
      summary.created += result.created;
      summary.existing += result.existing;
    }
  }
  return summary;
}

/** A tracked file's text, or undefined for binaries, links and files over 1 MB. */
async function readText(path: string): Promise<string | undefined> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
  const handle = await open(path);
  try {
    const buffer = await handle.readFile();
    if (buffer.subarray(0, 8_000).includes(0)) return undefined;
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The scanned repository is not ours: its own configuration must not be able
 * to run a command (an fsmonitor, a signature program, a pager, hooks), and
 * nothing may ask a question or take a lock.
 */
const SAFE_GIT = [
  '--no-pager',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  '-c',
  'log.showSignature=false',
  '-c',
  'gpg.program=false',
  '-c',
  'diff.external=',
  '-c',
  'core.untrackedCache=false',
];
const SAFE_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', GIT_EXTERNAL_DIFF: '' };

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_GIT, ...args], { cwd, env: SAFE_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`git ${args[0]} exited ${code}`))));
  });
}

/** Streams `git` output split on a separator, so a long history is never held whole. */
async function* gitRecords(cwd: string, args: string[], separator: string): AsyncGenerator<string> {
  const child = spawn('git', [...SAFE_GIT, ...args], { cwd, env: SAFE_ENV, stdio: ['ignore', 'pipe', 'ignore'] });
  let pending = '';
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) {
    pending += `${line}\n`;
    let at = pending.indexOf(separator);
    while (at >= 0) {
      yield pending.slice(0, at);
      pending = pending.slice(at + separator.length);
      at = pending.indexOf(separator);
    }
  }
  if (pending.trim()) yield pending;
}
