import { describe, expect, it } from 'vitest';
import { readerHash } from '../../functions/domain/reader';
import { embedSnippets } from '../../functions/domain/writeup';
import { tokensMatch } from '../../functions/shared/tokens';

describe('readerHash', () => {
  const ua = 'Mozilla/5.0 Firefox/130';
  it('is stable within a day and contains neither address nor user agent', () => {
    const hash = readerHash('salt-a', 'db-outage', '203.0.113.7', ua);
    expect(hash).toBe(readerHash('salt-a', 'db-outage', '203.0.113.7', ua));
    expect(hash).not.toContain('203');
    expect(hash).toHaveLength(22);
  });
  it('changes with the daily salt, the write-up and the reader', () => {
    const hash = readerHash('salt-a', 'db-outage', '203.0.113.7', ua);
    expect(readerHash('salt-b', 'db-outage', '203.0.113.7', ua)).not.toBe(hash);
    expect(readerHash('salt-a', 'other', '203.0.113.7', ua)).not.toBe(hash);
    expect(readerHash('salt-a', 'db-outage', '203.0.113.8', ua)).not.toBe(hash);
  });
});

describe('tokensMatch', () => {
  it('accepts only the exact token', () => {
    expect(tokensMatch('secret-token', 'secret-token')).toBe(true);
    expect(tokensMatch('secret-tokeN', 'secret-token')).toBe(false);
    expect(tokensMatch('secret-token-', 'secret-token')).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });
});

describe('embedSnippets', () => {
  it('builds the script, pixel and go-link from the public URL', () => {
    expect(embedSnippets('https://signals.example.com/', 'db-outage')).toEqual({
      script: '<script defer src="https://signals.example.com/t.js" data-writeup="db-outage"></script>',
      pixel: '<img src="https://signals.example.com/p.gif?w=db-outage" alt="" width="1" height="1">',
      pixelMarkdown: '![](https://signals.example.com/p.gif?w=db-outage)',
      goLink: 'https://signals.example.com/go/db-outage',
    });
  });
});
