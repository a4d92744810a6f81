import { ApiFailure, productApi } from './api';
import { recount } from './recount';
import { NotARepository, scanRepository } from './scan';
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { instantDay, INSTANT_BOUNDS_MESSAGE, readDay } from '../functions/domain/dates';
import { fmt, plural } from '../functions/domain/words';
import { INCIDENT_PLATFORMS, isIncidentPlatform, type IncidentPlatform } from '../functions/domain/incident-platforms';
import { isReadPlace, READ_PLACES, type ReadPlace } from '../functions/domain/read-places';

const USAGE = `Usage: learning-signals scan <path-to-git-repo> [--since <date>] [--dry-run]
       learning-signals recount --from <day> --to <day> [--dry-run]
       learning-signals import writeups <file.csv> [--dry-run]
       learning-signals import confluence|google|microsoft
       learning-signals import incident-io|rootly|firehydrant [--since <day>]

scan     Finds references to write-ups (their URLs and go-links) in the
         repository's commit messages and in the comments of its tracked files,
         and registers each as a link. Running it again adds nothing twice.
           --since <date>  only commits since this date (files are always read whole)
           --dry-run       list what would be registered, register nothing

recount  Proves the counts of a range of days (YYYY-MM-DD, 2000-01-01 to 2999-12-31) from the facts still
         in the table (reads: the last 35 days; the rest: always), corrects
         what differs, and lists every correction.
           --dry-run       list what differs, correct nothing

import   Registers a backlog of write-ups from a CSV file: a header row (title, url,
         and any of id, copies, incidentDate, publishedAt, tags), then one write-up
         a row; tags separated by commas or semicolons. Every row is checked
         first; a file with any problem imports nothing.
           --dry-run       check the file and list its rows, import nothing

import confluence|google|microsoft
         Runs the place's daily import of its own views now (Confluence's page
         views, Google Drive's audit log, Microsoft Graph's item activity): days
         not yet imported, and for Google and Microsoft the last three again.

import incident-io|rootly|firehydrant
         Registers the platform's post-mortems as write-ups (a backfill: webhooks and
         the daily pull keep them up to date after). Never one twice; stopped, run it
         again with the same --since and it goes on where it stopped.
           --since <day>   only those created (Rootly) or changed (incident.io, FireHydrant) since

Environment: LEARNING_SIGNALS_URL (e.g. http://localhost:3000), LEARNING_SIGNALS_TOKEN (a personal API token of a
facilitator or an admin, made at /tokens, or the admin token).

In another repository or in CI: the command is not published to the npm registry
(package.json marks it private), so \`npx -y learning-signals@…\` would not run it. Run it from a
checkout of Learning Signals (git clone …, then npm ci --omit=dev), by its path:
  node path/to/learning-signals/bin/learning-signals.mjs scan .
or, inside that checkout, npx learning-signals scan ../other-repo. In CI, clone
the repository to scan with its whole history (GitHub Actions: actions/checkout
with fetch-depth: 0); docs/integrations.md has a GitHub Actions workflow.`;

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], io = { out: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'recount') return recountCommand(rest, io);
  if (command === 'import') return importCommand(rest, io);
  if (command !== 'scan') {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const parsed = argsOf(rest, { since: { type: 'string' }, 'dry-run': { type: 'boolean' } }, io);
  if (!parsed) return 2;
  const { since, 'dry-run': dryRun = false } = parsed.values;
  const [repo, ...extra] = parsed.positionals;
  if (extra.length) {
    io.err(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
    return 2;
  }
  if (!repo) {
    io.err(`Name the repository to scan.\n\n${USAGE}`);
    return 2;
  }
  if (since !== undefined && (!since || Number.isNaN(Date.parse(since)))) {
    io.err(`--since needs a date, like 2026-01-31 (got "${since ?? ''}").`);
    return 2;
  }
  if (since !== undefined && !instantDay(Date.parse(since))) {
    io.err(`--since ${INSTANT_BOUNDS_MESSAGE} (got "${since.slice(0, 40)}").`);
    return 2;
  }
  const product = productFromEnv(io);
  if (!product) return 2;
  const { productUrl, token } = product;
  const interactive = process.stderr.isTTY;
  try {
    const summary = await scanRepository({
      repo,
      since,
      dryRun,
      productUrl,
      api: productApi(productUrl, token),
      progress: (line) => (interactive ? process.stderr.write(`\r${line}`) : io.err(line)),
    });
    if (interactive) process.stderr.write('\n');
    const commitRefs = summary.links.filter((l) => l.kind === 'commit').length;
    if (dryRun) for (const link of summary.links) io.out(`${link.writeup}\t${link.kind}\t${link.url}`);
    io.out(
      `Scanned ${plural(summary.commits, 'commit')} and ${plural(summary.files, 'file')}` +
        `${summary.skippedFiles ? ` (skipped ${fmt(summary.skippedFiles)} binary or over 1 MB)` : ''}: ` +
        `${plural(summary.links.length, 'reference')} (${fmt(commitRefs)} in commits, ${fmt(summary.links.length - commitRefs)} in code).`,
    );
    io.out(
      dryRun ? 'Dry run: nothing registered.' : `Registered ${plural(summary.created, 'new link')}; ${plural(summary.existing, 'was', 'were')} already known.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof NotARepository || error instanceof ApiFailure) {
      io.err(error.message);
      return error instanceof ApiFailure ? error.exitCode : 2;
    }
    throw error;
  }
}

async function recountCommand(args: string[], io: { out: (line: string) => void; err: (line: string) => void }): Promise<number> {
  const parsed = argsOf(args, { from: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean' } }, io);
  if (!parsed) return 2;
  const { from, to, 'dry-run': dryRun = false } = parsed.values;
  if (parsed.positionals.length) {
    io.err(`Unexpected argument "${parsed.positionals[0]}".\n\n${USAGE}`);
    return 2;
  }
  if (!from || !to) {
    io.err(`recount needs --from and --to, each a day like 2026-01-31 (got ${from ?? 'none'} and ${to ?? 'none'}).`);
    return 2;
  }
  // The product's own rule and words for a day, as the API would answer them.
  const problems = Object.entries({ '--from': from, '--to': to }).flatMap(([name, value]) => {
    const day = readDay(value);
    return day.ok ? [] : [`${name} ${day.message} (got "${value.slice(0, 40)}").`];
  });
  if (problems.length) {
    io.err(problems.join('\n'));
    return 2;
  }
  const product = productFromEnv(io);
  if (!product) return 2;
  const { productUrl, token } = product;
  try {
    await recount({ from, to, dryRun, api: productApi(productUrl, token), out: io.out });
    return 0;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.err(error.message);
    return error.exitCode;
  }
}

async function importCommand(args: string[], io: { out: (line: string) => void; err: (line: string) => void }): Promise<number> {
  const parsed = argsOf(args, { 'dry-run': { type: 'boolean' }, since: { type: 'string' } }, io);
  if (!parsed) return 2;
  const dryRun = parsed.values['dry-run'] ?? false;
  const [what, file, ...extra] = parsed.positionals;
  if (what === 'pagerduty') {
    io.err(PAGERDUTY);
    return 2;
  }
  if (what && isIncidentPlatform(what) && !file && !dryRun) return importPlatformCommand(what, parsed.values.since, io);
  if (parsed.values.since !== undefined) {
    io.err(`--since is for an incident platform's import: learning-signals import incident-io|rootly|firehydrant --since <day>\n\n${USAGE}`);
    return 2;
  }
  if (what && isReadPlace(what) && !file) return importPlaceCommand(what, io);
  if (what !== 'writeups' || !file || extra.length) {
    io.err(`import needs what and a file: learning-signals import writeups <file.csv> [--dry-run]\n\n${USAGE}`);
    return 2;
  }
  let csv: string;
  try {
    csv = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
    return 2;
  }
  const product = productFromEnv(io);
  if (!product) return 2;
  try {
    const answer = await productApi(product.productUrl, product.token).importWriteups(csv, dryRun);
    if (!answer.ok) {
      io.err(answer.message);
      for (const problem of answer.problems) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    for (const row of answer.rows) io.out(`${String(row.line).padStart(4)}  ${row.id}\t${row.title}`);
    io.out(
      dryRun
        ? `Checked ${plural(answer.rows.length, 'write-up')}: ${answer.rows.length === 1 ? 'it can' : 'all can'} be imported. Dry run: nothing imported.`
        : `Imported ${plural(answer.created ?? answer.rows.length, 'write-up')}.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.err(error.message);
    return error.exitCode;
  }
}

const PAGERDUTY =
  'PagerDuty is not one of the platforms imported: it documents no API that lists its post-incident reviews (its REST API has none, and the Jeli API it points to is legacy and unpublished). Register its write-ups by hand or from a CSV file (learning-signals import writeups <file.csv>).';

/** Steps of a platform's backfill (each about 20 s on the server) until it gets to the end, saying what each did. */
async function importPlatformCommand(platform: IncidentPlatform, since: string | undefined, io: { out: (line: string) => void; err: (line: string) => void }) {
  if (since !== undefined) {
    const day = readDay(since);
    if (!day.ok) {
      io.err(`--since ${day.message} (got "${since.slice(0, 40)}").`);
      return 2;
    }
  }
  const product = productFromEnv(io);
  if (!product) return 2;
  const api = productApi(product.productUrl, product.token);
  const name = INCIDENT_PLATFORMS[platform].name;
  const total = { pages: 0, calls: 0, created: 0, updated: 0, unchanged: 0, archived: 0, skipped: 0 };
  let problems = 0;
  try {
    for (let step = 1; step <= MAX_STEPS; step++) {
      const answer = await api.importPlatform(platform, since);
      for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += answer[key];
      for (const problem of answer.problems) io.err(problem);
      problems += answer.problems.length;
      io.out(
        `${name}: ${plural(total.pages, 'page')} read, ${plural(total.created, 'write-up')} registered, ${fmt(total.updated)} updated, ${fmt(total.unchanged)} unchanged${total.archived ? `, ${fmt(total.archived)} archived` : ''}${total.skipped ? `, ${fmt(total.skipped)} skipped` : ''}.`,
      );
      if (answer.done) return problems ? 1 : 0;
      // A step that read nothing and said why (a refusal) would say the same again.
      if (answer.pages === 0 && answer.problems.length) return 1;
    }
    io.err(`Stopped after ${MAX_STEPS} steps: run it again with the same --since to go on.`);
    return 1;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.err(error.message);
    return error.exitCode;
  }
}

/** A backfill's steps in one run of the command (each about 20 s): a few hours at most. */
const MAX_STEPS = 500;

/** Runs a place's daily import of its own views now (Confluence, Google, Microsoft), and says what it did. */
async function importPlaceCommand(place: ReadPlace, io: { out: (line: string) => void; err: (line: string) => void }): Promise<number> {
  const product = productFromEnv(io);
  if (!product) return 2;
  try {
    const answer = await productApi(product.productUrl, product.token).importPlace(place);
    io.out(
      `${READ_PLACES[place].name}: ${plural(answer.writeups, 'write-up')} there, ${plural(answer.days, 'day')} imported in ${plural(answer.calls, 'call')}.`,
    );
    for (const problem of answer.problems) io.err(problem);
    return answer.problems.length ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.err(error.message);
    return error.exitCode;
  }
}

/**
 * A command's options and words, read by Node's own parser (`--since 2026-01-31`,
 * `--since=2026-01-31`, `--dry-run`); an option it does not take, or one
 * without its value, is said with the usage.
 */
function argsOf<T extends ParseArgsConfig['options']>(args: string[], options: T, io: { err: (line: string) => void }) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return undefined;
  }
}

/** Where the product is and its token, from the environment; says what is missing when they are not set. */
function productFromEnv(io: { err: (line: string) => void }): { productUrl: string; token: string } | undefined {
  const productUrl = process.env.LEARNING_SIGNALS_URL;
  const token = process.env.LEARNING_SIGNALS_TOKEN;
  if (productUrl && token) return { productUrl, token };
  io.err(
    'Set LEARNING_SIGNALS_URL (the product, e.g. http://localhost:3000) and LEARNING_SIGNALS_TOKEN (a personal API token made at /tokens, or the admin token).',
  );
  return undefined;
}
