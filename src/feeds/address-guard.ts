// The SSRF guard: which URLs and network addresses a feed fetch may reach. Anyone in a channel
// can hand Herald a URL, so by default only public unicast addresses on the configured ports are
// allowed. The checks are pure; guardLookup wraps a resolver so the address actually connected
// to is the one checked (a DNS answer that changes between check and connect cannot slip by).
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface TargetPolicy {
  /**
   * Lifts the address check only (tests, the demo, private deployments). The port allow-list
   * still applies, so allowing the private network does not open every service on it.
   */
  allowPrivateAddresses: boolean;
  allowedPorts: readonly number[];
  /**
   * Host names (lower case, as URLs spell them) exempt from the address check even when
   * allowPrivateAddresses is false: one intranet feed without opening the whole private network.
   * The port allow-list still applies to them, so a trusted name cannot reach the host's other
   * services (an admin console on :18680). A redirect to any other private target is still refused.
   */
  trustedHosts?: readonly string[];
}

/** Why a target is refused, and what the person can do about it. */
export interface Refusal {
  reason: string;
  fix: string;
}

const PRIVATE_FIX = 'set fetch.allowPrivateAddresses: true to allow private networks';

const CLOUD_METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  uniqueLocal: 'an IPv6 unique-local (private) address',
  teredo: 'a Teredo tunnel address',
};

function describeRange(range: string): string {
  return RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
}

function embeddedV4(bytes: number[], offset: number): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(offset, offset + 4));
}

/** Why an IPv4 address is not a public unicast address, or null when it is. */
function ipv4Problem(address: ipaddr.IPv4): string | null {
  if (CLOUD_METADATA.has(address.toString())) return 'the cloud metadata address';
  const range = address.range();
  return range === 'unicast' ? null : describeRange(range);
}

/** IPv6 forms that carry an IPv4 address inside, and where its four bytes sit. */
function embeddingOf(address: ipaddr.IPv6): { form: string; offset: number } | null {
  switch (address.range()) {
    case 'ipv4Mapped':
      return { form: 'an IPv4-mapped form', offset: 12 };
    case 'rfc6145':
      return { form: 'an IPv4-translated form', offset: 12 };
    case 'rfc6052':
      // Only the well-known NAT64 prefix 64:ff9b::/96 embeds at the end; the local-use /48 is
      // refused outright below.
      return address.match(ipaddr.IPv6.parseCIDR('64:ff9b::/96')) ? { form: 'a NAT64 form', offset: 12 } : null;
    case '6to4':
      return { form: 'a 6to4 form', offset: 2 };
    case 'unicast':
      // ::a.b.c.d, the deprecated IPv4-compatible form, which ipaddr.js files under unicast.
      return address.toByteArray().slice(0, 12).every((byte) => byte === 0) ? { form: 'an IPv4-compatible form', offset: 12 } : null;
    default:
      return null;
  }
}

/**
 * Why a literal IP address must not be fetched from ("127.0.0.1 is a loopback address"), or null
 * when it is a public unicast address. Only public unicast passes: every special range is refused.
 */
export function addressBlockReason(literal: string): string | null {
  const text = literal.startsWith('[') && literal.endsWith(']') ? literal.slice(1, -1) : literal;
  if (!ipaddr.isValid(text)) return `${literal} is not an IP address`;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') {
    const problem = ipv4Problem(parsed as ipaddr.IPv4);
    return problem === null ? null : `${text} is ${problem}`;
  }
  const v6 = parsed as ipaddr.IPv6;
  if (CLOUD_METADATA.has(v6.toRFC5952String())) return `${text} is the cloud metadata address`;
  const embedding = embeddingOf(v6);
  if (embedding !== null) {
    const inner = embeddedV4(v6.toByteArray(), embedding.offset);
    const problem = ipv4Problem(inner);
    return problem === null ? null : `${text} is ${embedding.form} of ${inner.toString()}, ${problem}`;
  }
  const range = v6.range();
  return range === 'unicast' ? null : `${text} is ${describeRange(range)}`;
}

function isTrusted(hostname: string, policy: TargetPolicy): boolean {
  return policy.trustedHosts?.includes(hostname.toLowerCase()) ?? false;
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Why a URL must not be fetched, checked before any connection: scheme, credentials, port and
 * IP-literal hosts (Node connects to literals without calling the lookup hook, so guardLookup
 * never sees them). Host names are checked when they resolve, through guardLookup.
 */
export function urlRefusal(url: URL, policy: TargetPolicy): Refusal | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { reason: `${url.protocol.replace(/:$/, '')} URLs cannot be fetched`, fix: 'use an http or https URL' };
  }
  if (url.username !== '' || url.password !== '') {
    return { reason: 'the URL carries a user name or password', fix: 'remove the credentials from the URL' };
  }
  const port = effectivePort(url);
  if (!policy.allowedPorts.includes(port)) {
    return {
      reason: `port ${port} is not in fetch.allowedPorts (${policy.allowedPorts.join(', ')})`,
      fix: `add ${port} to fetch.allowedPorts`,
    };
  }
  if (policy.allowPrivateAddresses || isTrusted(url.hostname, policy)) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(host)) return null;
  const reason = addressBlockReason(host);
  return reason === null ? null : { reason, fix: PRIVATE_FIX };
}

/** The error a guarded lookup reports when every address a host resolved to is refused. */
export class BlockedAddressError extends Error {
  readonly refusal: Refusal;

  constructor(hostname: string, reasons: string[]) {
    const reason = `${hostname} resolves to ${reasons.join('; ')}`;
    super(reason);
    this.name = 'BlockedAddressError';
    this.refusal = { reason, fix: PRIVATE_FIX };
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Wraps a resolver so only public addresses reach the socket. Refused addresses are dropped from
 * the answer; when none is left the connection fails with BlockedAddressError. Handles both
 * callback shapes Node uses (`all: true` for Happy Eyeballs, a single address otherwise).
 */
export function guardLookup(resolve: LookupFunction, policy: TargetPolicy): LookupFunction {
  if (policy.allowPrivateAddresses) return resolve;
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    if (isTrusted(hostname, policy)) {
      resolve(hostname, options, callback);
      return;
    }
    // Ask for every address even when the caller wants one: the first answer may be refused
    // while a later one is public.
    resolve(hostname, { ...options, all: true }, (error, answer, family) => {
      if (error) {
        callback(error, '');
        return;
      }
      const addresses = Array.isArray(answer) ? answer : [{ address: answer, family: family ?? 4 }];
      const reasons: string[] = [];
      const allowed = addresses.filter(({ address }) => {
        const reason = addressBlockReason(address);
        if (reason !== null) reasons.push(reason);
        return reason === null;
      });
      const first = allowed[0];
      if (first === undefined) callback(new BlockedAddressError(hostname, reasons), '');
      else if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}
