// A link from a feed is only ever shown as an http(s) URL in its WHATWG-serialized form:
// no javascript: or data: schemes, no credentials that make "https://bank.example@evil.example"
// read as another site, and no absurd lengths the platforms reject.

const MAX_URL_LENGTH = 2000;

/** The normalized http(s) URL, or null when `raw` is missing, not http(s), carries credentials or is too long. */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href.length <= MAX_URL_LENGTH ? url.href : null;
}

/** The link to show for an item: as the feed published it, else (items queued before Item.link existed) its canonical URL. */
export function itemLink(item: { url: string | null; link?: string }): string | null {
  return item.link ?? item.url;
}
