// Request slots for one polling cycle: at most `concurrency` fetches in flight in all, and at most
// `perHost` to any one host, so slow or stalled hosts cannot take every slot (issue 15). A fetch
// waits for its host's slot before it takes a global one: waiting on a busy host never holds a
// slot another host could use.
import pLimit, { type LimitFunction } from 'p-limit';

export type FetchSlot = <T>(fetch: () => Promise<T>) => Promise<T>;

export interface FetchSlots {
  /** The slot for fetching `url`. */
  forUrl(url: string): FetchSlot;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    // An invalid URL fails in fetchFeed with its own message; it only needs some slot here.
    return url;
  }
}

export function fetchSlots(concurrency: number, perHost: number): FetchSlots {
  const global = pLimit(concurrency);
  const hosts = new Map<string, LimitFunction>();
  return {
    forUrl(url) {
      const host = hostOf(url);
      let limit = hosts.get(host);
      if (limit === undefined) {
        limit = pLimit(perHost);
        hosts.set(host, limit);
      }
      const hostLimit = limit;
      return (fetch) => hostLimit(() => global(fetch));
    },
  };
}
