/**
 * A referrer worth keeping: an http(s) page on another site, without query
 * string or fragment (they carry tokens and personal details), scheme and host
 * lowercased, default port dropped, trailing slash trimmed.
 */
export function normalizeReferrer(referrer: string | null | undefined, pageUrl: string): string | null {
  const source = parseHttpUrl(referrer);
  if (!source) return null;
  const page = parseHttpUrl(pageUrl);
  if (page && sameSite(source.hostname, page.hostname)) return null;
  return normalizeUrl(source);
}

function normalizeUrl(url: URL): string {
  // URL already lowercases the host and drops default ports.
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  return `${url.protocol}//${url.host}${path}`;
}

function parseHttpUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** `docs.example.com` and `www.docs.example.com` are one site. */
function sameSite(a: string, b: string): boolean {
  return a.replace(/^www\./, '') === b.replace(/^www\./, '');
}
