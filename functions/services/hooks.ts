import type { Store } from '../data/client';
import { listAllWriteups } from '../data/writeups';
import { mentionsOf } from '../domain/github';
import { referenceFinder } from '../domain/references';
import { linksNamed } from '../domain/links';
import { registerDeliveryLinks } from './links';

/**
 * A GitHub delivery: every place in it that mentions a write-up (its URL, a
 * copy's, or its go-link) becomes a link of that write-up, `via: "github"`:
 * the first 50 it names, new places within the write-up's new places of the
 * day. Registering a place twice adds nothing, so a redelivery adds nothing.
 * The work is bounded by the links taken, whatever the delivery's size.
 */
export async function linksFromGithub(store: Store, event: string, payload: unknown, settings: { productUrl: string }, now: Date) {
  const mentions = mentionsOf(event, payload);
  if (mentions.length === 0) return { mentions: 0, created: 0, existing: 0, skipped: 0, overDayLimit: 0 };
  const find = referenceFinder(await listAllWriteups(store), settings.productUrl);
  const named = linksNamed(mentions.map((mention) => ({ place: { url: mention.url, kind: mention.kind }, writeupIds: find(mention.text) })));
  return { mentions: mentions.length, ...(await registerDeliveryLinks(store, named, 'github', now)) };
}
