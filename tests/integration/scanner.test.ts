import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { localApp } from '../../local/server';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { createWriteup, report } from '../helpers/apps';
import { serveApp, type Running } from '../helpers/servers';
import type { AppDeps } from '../../functions/shared/deps';
import { signIn } from '../../functions/services/people';

let app: ReturnType<typeof localApp>;
let deps: AppDeps;
let product: Running;
const WRITEUP = 'https://wiki.example.com/pir/db-outage';

beforeAll(async () => {
  deps = await testDeps({ now: () => new Date(), roles: { adminEmails: [], adminGroups: [], facilitatorGroups: ['facilitators'] } });
  app = localApp(deps);
  product = await serveApp(app);
  await createWriteup(app, 'db-outage', { url: WRITEUP });
  await createWriteup(app, 'dns-outage', { url: 'https://wiki.example.com/pir/dns-outage' });
});
afterAll(() => product?.close());

function repo(files: Record<string, string | Buffer>, options: { remote?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'scan-'));
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, ...dates } });
  let dates: Record<string, string> = {};
  run('init', '-q');
  run('config', 'user.email', 'dev@example.com');
  run('config', 'user.name', 'Dev');
  if (options.remote) run('remote', 'add', 'origin', options.remote);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  run('add', '-A');
  const commit = (message: string, date = '2026-01-10T10:00:00Z') => {
    dates = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    run('commit', '-q', '--allow-empty', '-m', message, '--no-verify');
    return run('rev-parse', 'HEAD').toString().trim();
  };
  return { dir, commit };
}

async function scan(...args: string[]) {
  return scanWith(ADMIN_TOKEN, ...args);
}

async function scanWith(token: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  process.env.LEARNING_SIGNALS_URL = product.url;
  process.env.LEARNING_SIGNALS_TOKEN = token;
  const code = await main(['scan', ...args], { out: (line: string) => out.push(line), err: (line: string) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('learning-signals scan', () => {
  it('registers commits and code comments in many languages, once, with GitHub permalinks', async () => {
    const r = repo(
      {
        'src/pool.ts': `// Pool health checks: ${WRITEUP}\nconst s = "https://wiki.example.com/pir/dns-outage";\n`,
        'retry.py': `def f():\n    """Backoff since ${WRITEUP}#fix"""\n`,
        'cmd/main.go': `// see ${product.url}/go/dns-outage\n`,
        'lib/Pool.java': `/** ${WRITEUP} */ class Pool {}\n`,
        'app/retry.rb': `# ${WRITEUP}\n`,
        'src/lib.rs': `/* ${WRITEUP} */\n`,
        'native/pool.cpp': `// ${WRITEUP}\n`,
        'deploy.sh': `# ${WRITEUP}\n`,
        'chart/values.yaml': `replicas: 3 # ${WRITEUP}\n`,
        'infra/main.tf': `# ${WRITEUP}\n`,
        'db/schema.sql': `-- ${WRITEUP}\n`,
        'docs/onboarding.md': `Read [the DB outage](${WRITEUP}) first.\n`,
        'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, ...Buffer.from(WRITEUP)]),
        'big.txt': `${WRITEUP}\n${'x'.repeat(1_100_000)}`,
      },
      { remote: 'git@github.com:acme/payments.git' },
    );
    const sha = r.commit(`Fix pool health checks\n\nSee ${WRITEUP} and ${product.url}/go/dns-outage`);
    r.commit('Unrelated change');

    const first = await scan(r.dir);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Scanned 2 commits and 12 files \(skipped 2 binary or over 1 MB\)/);
    expect(first.out).toContain('Registered 14 new links');
    const db = (await report(app, 'db-outage')).links;
    expect(db.byKind).toEqual({ commit: 1, code: 11 });
    expect(db.items.map((l: { url: string }) => l.url)).toEqual(
      expect.arrayContaining([
        `https://github.com/acme/payments/commit/${sha}`,
        'https://github.com/acme/payments/blob/HEAD/src/pool.ts',
        'https://github.com/acme/payments/blob/HEAD/docs/onboarding.md',
      ]),
    );
    expect(db.items.map((l: { url: string }) => l.url)).not.toContain('https://github.com/acme/payments/blob/HEAD/assets/logo.png');
    const dns = (await report(app, 'dns-outage')).links;
    // The string in pool.ts is code, not a comment; the go-links in main.go and the commit count.
    expect(dns.byKind).toEqual({ commit: 1, code: 1 });

    const second = await scan(r.dir);
    expect(second.out).toContain('Registered 0 new links; 14 were already known.');
    expect((await report(app, 'db-outage')).links.total).toBe(12);
  });

  it('uses plain paths without a remote, honours --since, and registers nothing on --dry-run', async () => {
    const r = repo({ 'notes/runbook.md': `Steps from ${WRITEUP}\n` });
    r.commit(`Old: ${WRITEUP}`, '2025-01-01T10:00:00Z');
    const recent = r.commit(`New: ${WRITEUP}`, '2026-02-01T10:00:00Z');
    const name = r.dir.split('/').at(-1);
    const dry = await scan(r.dir, '--since', '2026-01-01', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`db-outage\tcommit\t${name}/commit/${recent}`);
    expect(dry.out).toContain(`db-outage\tcode\t${name}/notes/runbook.md`);
    expect(dry.out).toContain('Dry run: nothing registered.');
    const items = (await report(app, 'db-outage')).links.items.map((l: { url: string }) => l.url);
    expect(items).not.toContain(`${name}/notes/runbook.md`);
    const real = await scan(r.dir, '--since=2026-01-01');
    expect(real.out).toContain('Registered 2 new links');
  });

  it('says clearly what is wrong, with a non-zero exit', async () => {
    const notRepo = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    const missing = await scan(notRepo);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('is not a git repository');

    const r = repo({ 'a.md': WRITEUP });
    r.commit('init');
    process.env.LEARNING_SIGNALS_TOKEN = 'wrong';
    const badToken = await main(['scan', r.dir], { out: () => {}, err: (line) => expect(line).toContain('refused the token') }).finally(() => {
      process.env.LEARNING_SIGNALS_TOKEN = ADMIN_TOKEN;
    });
    expect(badToken).toBe(4);

    process.env.LEARNING_SIGNALS_URL = 'http://127.0.0.1:9';
    const errors: string[] = [];
    expect(await main(['scan', r.dir], { out: () => {}, err: (line) => errors.push(line) })).toBe(3);
    expect(errors.join()).toContain('Cannot reach Learning Signals');

    expect((await scan(r.dir, '--since', 'yesterday-ish')).code).toBe(2);
  });

  it('counts in words that agree: one commit, one file, one reference', async () => {
    const r = repo({ 'NOTES.md': 'Nothing here.\n' }, { remote: 'git@github.com:acme/one.git' });
    r.commit(`Fix the pool, see ${WRITEUP}`);
    const first = await scan(r.dir);
    expect(first.out).toContain('Scanned 1 commit and 1 file: 1 reference (1 in commits, 0 in code).');
    expect(first.out).toContain('Registered 1 new link; 0 were already known.');
    expect((await scan(r.dir)).out).toContain('Registered 0 new links; 1 was already known.');
  });

  it('says how to run it in another repository and in CI, by the path it really runs from', () => {
    const result = spawnSync(process.execPath, [new URL('../../bin/learning-signals.mjs', import.meta.url).pathname, '--help'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('node path/to/learning-signals/bin/learning-signals.mjs scan .');
    expect(result.stdout).toContain('fetch-depth: 0');
  });

  it('runs as `npx learning-signals`', () => {
    const result = spawnSync('npx', ['learning-signals', 'scan', tmpdir()], {
      env: { ...process.env, LEARNING_SIGNALS_URL: product.url, LEARNING_SIGNALS_TOKEN: ADMIN_TOKEN },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a git repository');
  });
});

describe('the scanner in CI with a personal token', () => {
  it("works with a facilitator's token, is refused with a viewer's, and stops at once when the token is revoked", async () => {
    const rules = deps.roles!;
    const own = { origin: product.url, 'content-type': 'application/json' };
    const session = async (email: string, groups: string[]) =>
      `ls_session=${(await signIn(deps.store, { iss: 'https://idp.acme.example', sub: email, email, name: email, groups }, rules, new Date())).session}`;
    const facilitator = await session('ci-owner@acme.example', ['facilitators']);
    const made = await fetch(`${product.url}/api/tokens`, {
      method: 'POST',
      headers: { ...own, cookie: facilitator },
      body: JSON.stringify({ name: 'github actions', expiresInDays: 30 }),
    });
    expect(made.status).toBe(201);
    const token = await made.json();
    expect(token).toMatchObject({ name: 'github actions', role: 'facilitator', lastUsedAt: null });
    expect(token.token).toMatch(/^lsp_[0-9a-f]{16}_/);

    const r = repo({ 'ops/runbook.sh': `# After the outage: ${WRITEUP}\n` }, { remote: 'git@github.com:acme/ops.git' });
    r.commit('Add runbook');
    const first = await scanWith(token.token, r.dir);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/1 new/);
    const listed = (await (await fetch(`${product.url}/api/tokens`, { headers: { cookie: facilitator } })).json()).tokens;
    expect(listed).toHaveLength(1);
    expect(listed[0].lastUsedAt).toBeTruthy();
    expect(JSON.stringify(listed)).not.toContain(token.token);

    const viewer = await session('reader@acme.example', []);
    const viewerToken = (
      await (
        await fetch(`${product.url}/api/tokens`, { method: 'POST', headers: { ...own, cookie: viewer }, body: JSON.stringify({ name: 'read only' }) })
      ).json()
    ).token;
    const refused = await scanWith(viewerToken, r.dir);
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(/did not allow POST \/api\/links: This needs the facilitator role/);

    expect((await fetch(`${product.url}/api/tokens/${token.id}`, { method: 'DELETE', headers: { ...own, cookie: facilitator } })).status).toBe(204);
    const revoked = await scanWith(token.token, r.dir);
    expect(revoked.code).toBe(4);
    expect(revoked.err).toMatch(/refused the token \(wrong, expired or revoked\)/);
    const audit = (await (await fetch(`${product.url}/api/audit`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()).items;
    expect(audit.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`)).toEqual(
      expect.arrayContaining([
        'token.create ci-owner@acme.example',
        'link.register-batch ci-owner@acme.example (token "github actions")',
        'token.revoke ci-owner@acme.example',
      ]),
    );
  });
});
