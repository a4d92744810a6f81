import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local';

/** `npm start`'s program, as a person runs it; what it printed and how it ended. */
function start(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const javaFor = (dataDir: string) => spawnSync('pgrep', ['-f', `DynamoDBLocal.*${dataDir}`], { encoding: 'utf8' }).stdout.trim();

describe('npm start, when something is in the way', () => {
  it('a port in use: one sentence with the way out, no stack trace, no DynamoDB Local left behind', async () => {
    const port = await freePort();
    const blocker: Server = createServer().listen(port);
    const dataDir = mkdtempSync(join(tmpdir(), 'ls-start-'));
    try {
      const { code, err } = await start({ PORT: String(port), DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(err).toContain(`Port ${port} is already in use`);
      expect(err).toContain(`PORT=${port + 1} npm start`);
      expect(err).not.toMatch(/^\s+at /m);
      expect(javaFor(dataDir)).toBe('');
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('no Java: one clear line, no stack trace', async () => {
    const port = await freePort();
    const { code, err } = await start({ PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'ls-start-')), PATH: '/nonexistent' });
    expect(code).toBe(1);
    expect(err.trim()).toMatch(/^Java was not found on the PATH; DynamoDB Local needs it\. Install Java 17 or newer/);
    expect(err.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('a bad TRUST_PROXY: says what it must be', async () => {
    const { code, err } = await start({ PORT: String(await freePort()), TRUST_PROXY: 'yes' });
    expect(code).toBe(1);
    expect(err.trim()).toBe('TRUST_PROXY must be the number of proxies in front: 0 (none) to 10');
  }, 60_000);

  it('prints the admin token only when it made one; one from the environment stays unsaid', async () => {
    const secret = 'operator-chosen-token-0123456789';
    const port = String(await freePort());
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
        env: { ...process.env, PORT: port, DATA_DIR: mkdtempSync(join(tmpdir(), 'ls-start-')), ADMIN_TOKEN: secret, POWERTOOLS_LOG_LEVEL: 'ERROR' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('Press Ctrl-C')) child.kill('SIGTERM');
      });
      child.on('close', () => resolve(text));
    });
    expect(out).toContain('Learning Signals is running');
    expect(out).toContain('Admin token: the one in ADMIN_TOKEN.');
    expect(out).not.toContain(secret);
  }, 90_000);
});

describe('npm start, what it keeps on disk', () => {
  it("keeps DATA_DIR and the store's files to their owner (700 and 600): names, answers and link tokens are in them", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ls-start-'));
    const dataDir = join(parent, 'data');
    // A folder made earlier by someone else's umask is tightened too.
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const port = String(await freePort());
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
        env: { ...process.env, PORT: port, DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'ERROR' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('Press Ctrl-C')) child.kill('SIGTERM');
      });
      child.on('close', () => resolve());
    });
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(dataDir).toString(8)).toBe('700');
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(['admin-token', 'shared-local-instance.db']));
    for (const file of files) expect(`${file} ${mode(join(dataDir, file)).toString(8)}`).toBe(`${file} 600`);
  }, 90_000);
});
