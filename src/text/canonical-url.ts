// Canonical URLs: one article linked from several feeds, shares and newsletters must reduce to
// one string, because that string is the first identity test for "same item, same story".
// Parsing is the WHATWG URL parser (it already lower-cases the scheme and host, drops default
// ports and IDN-encodes hosts); this module adds the news-specific rules on top. The canonical
// form is an identity, never shown: the link people click stays the one the feed published.

/**
 * Query parameters that only say how a reader arrived, never which article they get.
 * Compared case-insensitively. Kept to names that are unambiguous in the wild: a generic
 * name such as `ref`, `id` or `source` can select content, so it is left alone. To add one:
 * a name here (or a prefix below), with its owner in the comment, and a case in
 * tests/text/canonical-url.test.ts.
 */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // ad-click identifiers: Meta, Google (Ads, DoubleClick, Merchant), Microsoft, Yandex, X, TikTok,
  // LinkedIn, Adobe Advertising, Rakuten
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'srsltid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  's_kwcid', 'ef_id', 'rb_clickid',
  // Facebook share tags
  'mibextid', 'fb_action_ids', 'fb_action_types', 'fb_ref', 'fb_source',
  // mail campaigns: Mailchimp, HubSpot, Marketo, Omeda, Vero, Wicked Reports
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'vero_conv', 'vero_id', 'wickedid',
  // analytics and share-button tags: MSN (cvid, ocid), AT Internet, Google Analytics, Instagram,
  // X, Guardian, CNN, NYT, Washington Post, Yahoo, Adobe
  'cvid', 'ocid', 'xtor', '_ga', '_gl', 'igshid', 'igsh', 'ref_src', 'ref_url', 'cmp', 'cmpid', 'smid', 'smtyp',
  'sr_share', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 's_cid', 'icid', 'ncid', 'soc_src', 'soc_trk',
  '__twitter_impression',
]);

/**
 * Families of tracking parameters named by prefix: Google `utm_*`, AT Internet `at_*`, comScore
 * `ns_*`, Matomo `pk_*` and `mtm_*`, HubSpot ads `hsa_*`.
 */
const TRACKING_PREFIXES: readonly string[] = ['utm_', 'at_', 'ns_', 'pk_', 'mtm_', 'hsa_'];

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

function decodeName(raw: string): string {
  const name = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Keeps the remaining parameters in their original encoding (re-encoding through
 * URLSearchParams would turn `%20` into `+` and change links that servers read literally),
 * sorted by decoded name so parameter order never splits one article in two.
 */
function canonicalQuery(search: string): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => ({ pair, name: decodeName(pair.split('=', 1)[0] ?? '') }))
    .filter(({ name }) => !isTrackingParam(name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0));
  return kept.length === 0 ? '' : `?${kept.map(({ pair }) => pair).join('&')}`;
}

function parseBase(base: string | null | undefined): URL | undefined {
  if (!base) return undefined;
  try {
    return new URL(base);
  } catch {
    return undefined;
  }
}

export interface CanonicalOptions {
  /**
   * Keep the fragment: for the items of one feed that differ only by it (`page.html#a070641`,
   * `page.html#a070643`), where it names the item. Elsewhere it is a place on the page.
   */
  keepFragment?: boolean;
}

/**
 * The canonical form of a link, resolved against `base` when relative; null when it is not an
 * http(s) URL, is empty, or only points at a fragment of the page it sits on. Never throws.
 *
 * Besides the tracking parameters above it drops credentials (a link posted to a channel must
 * not carry a password), a leading `www.`, a trailing dot on the host, the fragment, and a
 * trailing `/` on non-root paths: publishers link `/2024/05/story` and `/2024/05/story/`
 * interchangeably and redirect one to the other, while two different articles that differ
 * only by that slash do not occur, so merging them costs nothing and catches real duplicates.
 * The scheme is always `https:`: one article is linked by `http://` from one outlet and by
 * `https://` from another, and no site serves two articles that differ only by the scheme.
 */
export function canonicalUrl(href: string, base?: string | null, options: CanonicalOptions = {}): string | null {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  let url: URL;
  try {
    url = new URL(trimmed, parseBase(base));
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;

  let host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('www.') && host.indexOf('.', 4) !== -1) host = host.slice(4);
  if (host === '') return null;
  const port = url.port === '' ? '' : `:${url.port}`;

  let path = url.pathname;
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';

  const fragment = options.keepFragment === true ? url.hash : '';
  return `https://${host}${port}${path}${canonicalQuery(url.search)}${fragment}`;
}

/**
 * The URL an item's `url:` key is made of: the canonical URL with the scheme of the link as
 * published. Keys are stored as seen items; folding `http:` into them would make every item
 * without a guid and with an `http:` link look new, and alert again, once.
 */
export function itemKeyUrl(url: string, href: string, base?: string | null): string {
  try {
    if (new URL(href.trim(), parseBase(base)).protocol === 'http:') return `http://${url.slice('https://'.length)}`;
  } catch {
    // An unparsable link has no canonical URL to key by; `url` is returned as it came.
  }
  return url;
}

/**
 * The forms `url` (canonical) may be stored under: itself, and the `http:` form identities had
 * before the scheme was folded, so stories stored then are still found by their link.
 */
export function storedUrlForms(url: string): string[] {
  return url.startsWith('https://') ? [url, `http://${url.slice('https://'.length)}`] : [url];
}

/**
 * Among the links of one feed's items, the canonical URLs (without fragment) that come with
 * two or more different fragments: for those, the fragment is part of each item's identity.
 */
export function urlsNamedByFragment(links: readonly (string | null)[], base: string | null): Set<string> {
  const fragments = new Map<string, string>();
  const named = new Set<string>();
  for (const link of links) {
    if (link === null) continue;
    const url = canonicalUrl(link, base);
    const withFragment = canonicalUrl(link, base, { keepFragment: true });
    if (url === null || withFragment === null) continue;
    const fragment = withFragment.slice(url.length);
    const seen = fragments.get(url);
    if (seen === undefined) fragments.set(url, fragment);
    else if (seen !== fragment) named.add(url);
  }
  return named;
}
