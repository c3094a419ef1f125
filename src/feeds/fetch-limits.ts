// The limits every feed fetch runs under, from the config's fetch section.
import type { HeraldConfig } from '../config/schema.ts';
import type { TargetPolicy } from './address-guard.ts';

export interface FetchLimits extends TargetPolicy {
  /** Overall deadline for the whole fetch, every redirect hop and the body included. */
  timeoutMs: number;
  /** How long one hop may wait for response headers; unset, only the overall deadline applies. */
  firstByteTimeoutMs?: number;
  /** Cap on the body after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /**
   * Allows loopback, private and other non-public addresses. The allowedPorts restriction,
   * scheme and credential checks stay (a local test server's port goes in allowedPorts).
   */
  allowPrivateAddresses: boolean;
  /** Ports a public target may use; applies whatever else is set. */
  allowedPorts: number[];
  userAgent: string;
  /** Time parsing one fetched body may take (fetch.parseBudget); unset, no limit. */
  parseBudgetMs?: number;
}

export const DEFAULT_USER_AGENT = 'Herald/0.1 (+https://github.com/herald-bot/herald; news alerts for team chat)';

export function fetchLimitsFromConfig(fetch: HeraldConfig['fetch']): FetchLimits {
  return {
    timeoutMs: fetch.timeout,
    maxBytes: fetch.maxBytes,
    maxRedirects: fetch.maxRedirects,
    allowPrivateAddresses: fetch.allowPrivateAddresses,
    allowedPorts: fetch.allowedPorts,
    userAgent: fetch.userAgent ?? DEFAULT_USER_AGENT,
    trustedHosts: fetch.trustedHosts.map((host) => host.toLowerCase()),
    firstByteTimeoutMs: fetch.firstByteTimeout,
    parseBudgetMs: fetch.parseBudget,
  };
}
