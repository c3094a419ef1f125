// A feed writes both an item's title and its link, and renderers show the title as the link's
// text. A title that reads as an address ("https://www.paypal.com/signin") over a link to
// another host would disguise where the link goes, so such a title gets the real host beside it.
import type { Alert } from '../domain/types.ts';
import { itemLink, safeHttpUrl } from './safe-url.ts';

// Words in a title that read as an address: a scheme, "www.", or a host name ending in a
// top-level domain people recognise. Bare "Node.js" or "setup.py" are words, not addresses.
const TLDS = 'com|org|net|info|biz|gov|edu|mil|int|io|co|app|dev|ai|me|tv|news|xyz|online|site|shop|bank|uk|us|ca|au|de|fr|nl|es|it|ch|se|no|dk|fi|pl|ru|cn|jp|kr|in|br|mx|ie|nz|be|at';
const ADDRESS = new RegExp(
  `(?:https?://|www\\.)[^\\s/?#<>"']+|\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})\\b`,
  'giu',
);

function hostOf(text: string): string | null {
  try {
    return new URL(/^https?:\/\//i.test(text) ? text : `http://${text}`).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Whether `named` (from the title) is `real` (the link's host) or one of its parents or children. */
function sameSite(named: string, real: string): boolean {
  return named === real || real.endsWith(`.${named}`) || named.endsWith(`.${real}`);
}

/** The title, with "(link to <host>)" after it when it names an address on another host than its link. */
export function honestTitle(title: string, link: string | null): string {
  const url = safeHttpUrl(link);
  if (url === null) return title;
  const real = new URL(url).hostname.replace(/^www\./, '');
  const named = [...title.matchAll(ADDRESS)].map((match) => hostOf(match[0])).filter((host): host is string => host !== null);
  return named.some((host) => !sameSite(host, real)) ? `${title} (link to ${real})` : title;
}

/** The alert with an honest title: the one call each renderer makes before rendering. */
export function withHonestTitle(alert: Alert): Alert {
  const title = honestTitle(alert.item.title, itemLink(alert.item));
  return title === alert.item.title ? alert : { ...alert, item: { ...alert.item, title } };
}
