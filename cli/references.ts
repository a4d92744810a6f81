import { normalizeLinkUrl } from '../functions/domain/links';

export interface WriteupRef {
  id: string;
  url: string;
}

/**
 * Finds which write-ups a text refers to, by their URLs or their go-links
 * (`{base}/go/{id}`), whatever the scheme case, trailing slash or fragment.
 */
export function referenceFinder(writeups: WriteupRef[], productUrl: string) {
  const byUrl = new Map<string, string>();
  for (const writeup of writeups) {
    const normalized = normalizeLinkUrl(writeup.url);
    if (normalized) byUrl.set(normalized, writeup.id);
  }
  const ids = new Set(writeups.map((w) => w.id));
  const goPrefix = `${(normalizeLinkUrl(productUrl) ?? productUrl).replace(/\/+$/, '')}/go/`;
  return (text: string): Set<string> => {
    const found = new Set<string>();
    if (!/https?:/i.test(text)) return found;
    for (const match of text.matchAll(/https?:\/\/[^\s<>"'`)\]}|\\]+/gi)) {
      const normalized = normalizeLinkUrl(match[0].replace(/[.,;:!?*_~]+$/, ''));
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
