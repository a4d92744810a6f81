import { normalizeLinkUrl } from './links';
import { MAX_URL_LENGTH } from './writeup';

const URL_PATTERN = new RegExp(`https?://[^\\s<>"'\`)\\]}|\\\\]{1,${MAX_URL_LENGTH}}`, 'gi');
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', '*', '_', '~']);

/** Sentence punctuation after a URL is not part of it; trimmed from the end in one pass (a pattern ending in `+$` backtracks). */
function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.has(url[end - 1]!)) end--;
  return url.slice(0, end);
}

export interface WriteupRef {
  id: string;
  url: string;
  /** The same write-up elsewhere: a reference to a copy is one to the write-up. */
  copies?: string[];
}

/**
 * Finds which write-ups a text refers to, by their URLs or their go-links
 * (`{base}/go/{id}`), whatever the scheme case, trailing slash or fragment.
 */
export function referenceFinder(writeups: WriteupRef[], productUrl: string) {
  const byUrl = new Map<string, string>();
  for (const writeup of writeups) {
    for (const url of [writeup.url, ...(writeup.copies ?? [])]) {
      const normalized = normalizeLinkUrl(url, 'page');
      if (normalized) byUrl.set(normalized, writeup.id);
    }
  }
  const ids = new Set(writeups.map((w) => w.id));
  const goPrefix = `${(normalizeLinkUrl(productUrl, 'page') ?? productUrl).replace(/\/+$/, '')}/go/`;
  return (text: string): Set<string> => {
    const found = new Set<string>();
    if (!/https?:/i.test(text)) return found;
    // A URL is at most MAX_URL_LENGTH characters, so no crafted line can make one match long.
    for (const match of text.matchAll(URL_PATTERN)) {
      // Cut off at the bound: longer than any URL we take, so not one of ours.
      if (match[0].length >= MAX_URL_LENGTH) continue;
      const normalized = normalizeLinkUrl(trimTrailingPunctuation(match[0]), 'page');
      if (!normalized) continue;
      const byWriteupUrl = byUrl.get(normalized);
      if (byWriteupUrl) found.add(byWriteupUrl);
      if (normalized.startsWith(goPrefix)) {
        const id = normalized.slice(goPrefix.length).split(/[/?]/)[0]!;
        if (ids.has(id)) found.add(id);
      }
    }
    return found;
  };
}
