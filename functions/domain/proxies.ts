/**
 * Image proxies that fetch a pixel on readers' behalf (and cache it): GitHub's
 * camo for Markdown, Google's for Gmail and Docs, Yahoo's for its mail. A
 * fetch by one is not a reader, and often not even a read: it is counted
 * apart, as a proxied view, never as a view or a reader.
 */
export const IMAGE_PROXIES = [
  { id: 'github', pattern: /github-camo/i, name: "GitHub's image proxy" },
  { id: 'google', pattern: /GoogleImageProxy/i, name: "Google's image proxy" },
  { id: 'yahoo', pattern: /YahooMailProxy/i, name: "Yahoo's image proxy" },
] as const;

export type ImageProxy = (typeof IMAGE_PROXIES)[number]['id'];

/** The image proxy a user agent names, if it is one the product recognizes. */
export function imageProxyOf(userAgent: string): ImageProxy | undefined {
  return IMAGE_PROXIES.find((proxy) => proxy.pattern.test(userAgent))?.id;
}

export const proxyName = (id: string) => IMAGE_PROXIES.find((proxy) => proxy.id === id)?.name ?? `the ${id} image proxy`;
