import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';

const LANGUAGES: Array<[string, (text: string) => string]> = [
  ['ts', (t) => `// ${t}\nexport const value = 1;\n`],
  ['py', (t) => `# ${t}\nVALUE = 1\n`],
  ['go', (t) => `package p\n// ${t}\nconst Value = 1\n`],
  ['java', (t) => `/* ${t} */\nclass Value {}\n`],
  ['rb', (t) => `# ${t}\nVALUE = 1\n`],
  ['sql', (t) => `-- ${t}\nSELECT 1;\n`],
  ['yaml', (t) => `# ${t}\nvalue: 1\n`],
  ['md', (t) => `# Notes\n\n${t}\n`],
];

/**
 * A repository of `commits` commits and `files` files, built with git
 * fast-import; one commit in a hundred and one file in fifty mention the write-up.
 */
export function generateRepository(commits: number, files: number, writeupUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-repo-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:acme/big.git'], { cwd: dir });
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const fileText = (i: number, version: number) => {
    const [, render] = LANGUAGES[i % LANGUAGES.length]!;
    return render(i % 50 === 0 ? `see ${writeupUrl} (v${version})` : `module ${i}, version ${version}, nothing to see`);
  };
  const path = (i: number) => `src/m${Math.floor(i / 100)}/file${i}.${LANGUAGES[i % LANGUAGES.length]![0]}`;
  const start = 1_700_000_000;
  chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${start} +0000\n${data('Initial import')}`);
  for (let i = 0; i < files; i++) chunks.push(`M 100644 inline ${path(i)}\n${data(fileText(i, 0))}`);
  for (let c = 1; c < commits; c++) {
    const message = c % 100 === 0 ? `Fix retry storm\n\nContext: ${writeupUrl}` : `Change ${c}`;
    const i = c % files;
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${start + c * 60} +0000\n${data(message)}`);
    chunks.push(`M 100644 inline ${path(i)}\n${data(fileText(i, c))}`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: `${chunks.join('')}done\n`, maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  return dir;
}

export async function benchScanner(productUrl: string, token: string, writeupUrl: string): Promise<void> {
  const commits = 10_000;
  const files = 5_000;
  const started = performance.now();
  const dir = generateRepository(commits, files, writeupUrl);
  const generated = performance.now();
  process.env.LEARNING_SIGNALS_URL = productUrl;
  process.env.LEARNING_SIGNALS_TOKEN = token;
  const lines: string[] = [];
  const code = await main(['scan', dir], { out: (line) => lines.push(line), err: () => {} });
  const scanned = performance.now();
  console.log(
    `\n## Repository scanner (${commits.toLocaleString('en-US')} commits, ${files.toLocaleString('en-US')} files, generated in ${((generated - started) / 1000).toFixed(1)} s)`,
  );
  console.log(`scan and register: ${((scanned - generated) / 1000).toFixed(1)} s (goal: under 60 s), exit ${code}`);
  for (const line of lines) console.log(`  ${line}`);
  rmSync(dir, { recursive: true, force: true });
}
