import { describe, expect, it } from 'vitest';
import { commentText } from '../../cli/comments';
import { referenceFinder } from '../../functions/domain/references';
import { parseRemote, permalinks } from '../../cli/remote';

const REF = 'https://wiki.example.com/pir/db-outage';

describe('commentText', () => {
  it.each([
    ['src/pool.ts', `const a = "${REF}"; // see ${REF}\n/* also\n ${REF} */`, 2],
    ['main.go', `s := \`${REF}\`\n// ${REF}`, 1],
    ['Pool.java', `String s = "${REF}"; /** ${REF} */`, 1],
    ['Pool.kt', `val s = "${REF}" // ${REF}`, 1],
    ['lib.rs', `let s = "${REF}"; // ${REF}\nfn f<'a>(x: &'a str) {} /* ${REF} */`, 2],
    ['pool.c', `char *s = "${REF}"; /* ${REF} */`, 1],
    ['retry.py', `url = "${REF}"  # ${REF}\ndef f():\n    """${REF}"""`, 2],
    ['retry.rb', `url = "${REF}" # ${REF}`, 1],
    ['deploy.sh', `curl "${REF}" # ${REF}\necho \${#array}`, 1],
    ['values.yaml', `url: "${REF}" # ${REF}`, 1],
    ['main.tf', `url = "${REF}" # ${REF}\n// ${REF}\n/* ${REF} */`, 3],
    ['schema.sql', `SELECT '${REF}'; -- ${REF}`, 1],
    ['README.md', `See [the write-up](${REF}).`, 1],
    ['Dockerfile', `# ${REF}\nRUN echo "${REF}"`, 1],
  ])('%s: keeps comments, not strings', (path, source, expected) => {
    const text = commentText(path, source) ?? '';
    expect(text.split(REF).length - 1).toBe(expected);
  });

  it('knows nothing of unknown file types', () => {
    expect(commentText('data.json', `{"url": "${REF}"}`)).toBeUndefined();
  });
});

describe('referenceFinder', () => {
  const find = referenceFinder(
    [
      { id: 'db-outage', url: REF },
      { id: 'dns', url: 'https://wiki.example.com/pir/dns' },
    ],
    'https://signals.example.com',
  );
  it('finds write-up URLs however they are written, and go-links', () => {
    expect([...find('Context: HTTPS://WIKI.example.com/pir/db-outage/#timeline.')]).toEqual(['db-outage']);
    expect([...find('(https://signals.example.com/go/dns?from=code)')]).toEqual(['dns']);
    expect([...find('https://signals.example.com/go/unknown and https://wiki.example.com/pir/other')]).toEqual([]);
  });
});

describe('permalinks', () => {
  it.each([
    ['git@github.com:acme/payments.git', 'https://github.com/acme/payments/commit/abc', 'https://github.com/acme/payments/blob/HEAD/src/a%20b.ts'],
    ['https://github.com/acme/payments', 'https://github.com/acme/payments/commit/abc', 'https://github.com/acme/payments/blob/HEAD/src/a%20b.ts'],
    [
      'ssh://git@gitlab.example.com:2222/group/sub/payments.git',
      'https://gitlab.example.com/group/sub/payments/-/commit/abc',
      'https://gitlab.example.com/group/sub/payments/-/blob/HEAD/src/a%20b.ts',
    ],
    ['git@bitbucket.org:acme/payments.git', 'https://bitbucket.org/acme/payments/commits/abc', 'https://bitbucket.org/acme/payments/src/HEAD/src/a%20b.ts'],
  ])('from %s', (remote, commit, file) => {
    const links = permalinks(remote, 'payments');
    expect(links.commit('abc')).toBe(commit);
    expect(links.file('src/a b.ts')).toBe(file);
  });

  it('are plain paths without a remote', () => {
    expect(permalinks(undefined, 'payments').file('src/pool.ts')).toBe('payments/src/pool.ts');
    expect(parseRemote('/srv/git/payments.git')).toBeUndefined();
  });
});
