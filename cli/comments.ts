/**
 * The comments of a source file, by a small lexer per language family: it
 * skips string literals (so `"http://…"` in code is no `//` comment) and keeps
 * line and block comments. Markdown and other prose count whole.
 */
interface Syntax {
  line: string[];
  block: Array<[string, string]>;
  /** Quotes that open strings; backtick strings may span lines. */
  quotes: string[];
  /** Python: triple-quoted strings are docstrings, kept as comments. */
  docstrings?: boolean;
  /** Shell-like: `#` starts a comment only at the start or after white space. */
  hashNeedsSpace?: boolean;
}

const cLike: Syntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"] };
const jsLike: Syntax = { ...cLike, quotes: ['"', "'", '`'] };
const hash: Syntax = { line: ['#'], block: [], quotes: ['"', "'"], hashNeedsSpace: true };
const PROSE = 'prose' as const;

const BY_EXTENSION: Record<string, Syntax | typeof PROSE> = {
  ts: jsLike,
  tsx: jsLike,
  js: jsLike,
  jsx: jsLike,
  mjs: jsLike,
  cjs: jsLike,
  go: jsLike,
  java: cLike,
  kt: cLike,
  kts: cLike,
  scala: cLike,
  swift: cLike,
  cs: cLike,
  dart: cLike,
  groovy: cLike,
  gradle: cLike,
  c: cLike,
  h: cLike,
  cc: cLike,
  cpp: cLike,
  cxx: cLike,
  hpp: cLike,
  hh: cLike,
  rs: cLike,
  proto: cLike,
  py: { ...hash, docstrings: true },
  pyi: { ...hash, docstrings: true },
  rb: { ...hash, block: [['=begin', '=end']] },
  rake: hash,
  sh: hash,
  bash: hash,
  zsh: hash,
  fish: hash,
  ps1: hash,
  mk: hash,
  yaml: hash,
  yml: hash,
  toml: hash,
  conf: hash,
  cfg: hash,
  properties: hash,
  ini: { ...hash, line: ['#', ';'] },
  tf: { ...hash, line: ['#', '//'], block: [['/*', '*/']] },
  tfvars: { ...hash, line: ['#', '//'], block: [['/*', '*/']] },
  hcl: { ...hash, line: ['#', '//'], block: [['/*', '*/']] },
  sql: { line: ['--'], block: [['/*', '*/']], quotes: ["'", '"'] },
  lua: { line: ['--'], block: [['--[[', ']]']], quotes: ['"', "'"] },
  css: { line: [], block: [['/*', '*/']], quotes: ['"', "'"] },
  scss: cLike,
  less: cLike,
  html: { line: [], block: [['<!--', '-->']], quotes: [] },
  htm: { line: [], block: [['<!--', '-->']], quotes: [] },
  xml: { line: [], block: [['<!--', '-->']], quotes: [] },
  vue: {
    line: ['//'],
    block: [
      ['<!--', '-->'],
      ['/*', '*/'],
    ],
    quotes: [],
  },
  svelte: {
    line: ['//'],
    block: [
      ['<!--', '-->'],
      ['/*', '*/'],
    ],
    quotes: [],
  },
  md: PROSE,
  markdown: PROSE,
  mdx: PROSE,
  txt: PROSE,
  rst: PROSE,
  adoc: PROSE,
};

const BY_NAME: Record<string, Syntax> = { Dockerfile: hash, Makefile: hash, Jenkinsfile: cLike, Gemfile: hash, Rakefile: hash, Vagrantfile: hash };

export function syntaxFor(path: string): Syntax | typeof PROSE | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (BY_NAME[name]) return BY_NAME[name];
  if (name.startsWith('Dockerfile.')) return hash;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined;
}

/** The text of a file's comments, one comment per line; undefined for languages it does not know. */
export function commentText(path: string, source: string): string | undefined {
  const syntax = syntaxFor(path);
  if (syntax === undefined) return undefined;
  if (syntax === PROSE) return source;
  return extract(source, syntax);
}

function extract(source: string, syntax: Syntax): string {
  const comments: string[] = [];
  const n = source.length;
  let i = 0;
  const startsAt = (token: string, at: number) => source.startsWith(token, at);
  outer: while (i < n) {
    for (const [open, close] of syntax.block) {
      if (startsAt(open, i)) {
        const end = source.indexOf(close, i + open.length);
        comments.push(source.slice(i + open.length, end < 0 ? n : end));
        i = end < 0 ? n : end + close.length;
        continue outer;
      }
    }
    for (const token of syntax.line) {
      if (startsAt(token, i) && (!syntax.hashNeedsSpace || token !== '#' || i === 0 || /\s/.test(source[i - 1]!))) {
        const end = source.indexOf('\n', i);
        comments.push(source.slice(i + token.length, end < 0 ? n : end));
        i = end < 0 ? n : end;
        continue outer;
      }
    }
    if (syntax.docstrings && (startsAt('"""', i) || startsAt("'''", i))) {
      const quote = source.slice(i, i + 3);
      const end = source.indexOf(quote, i + 3);
      comments.push(source.slice(i + 3, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    const ch = source[i]!;
    if (syntax.quotes.includes(ch)) {
      i = skipString(source, i, ch);
      continue;
    }
    i++;
  }
  return comments.join('\n');
}

/** Past the end of a string literal; ordinary quotes end at the line's end too. */
function skipString(source: string, start: number, quote: string): number {
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i + 1;
    else if (ch === '\n' && quote !== '`') return i;
  }
  return source.length;
}
