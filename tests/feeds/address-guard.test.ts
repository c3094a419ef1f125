import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BlockedAddressError, addressBlockReason, guardLookup, urlRefusal } from '../../src/feeds/address-guard.ts';
import type { TargetPolicy } from '../../src/feeds/address-guard.ts';
import { fakeResolver } from '../fakes/feed-server.ts';

const guarded: TargetPolicy = { allowPrivateAddresses: false, allowedPorts: [80, 443, 8080, 8443] };

describe('addressBlockReason', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['10.1.2.3', 'a private network address'],
    ['172.16.0.1', 'a private network address'],
    ['172.31.255.254', 'a private network address'],
    ['192.168.1.1', 'a private network address'],
    ['169.254.10.20', 'a link-local address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.254', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['255.255.255.255', 'the broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.10', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'an IPv6 unique-local (private) address'],
    ['fd12:3456:789a::1', 'an IPv6 unique-local (private) address'],
    ['fd00:ec2::254', 'the cloud metadata address'],
    ['ff02::1', 'a multicast address'],
    ['2001:db8::1', 'a reserved address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a Teredo tunnel address'],
  ])('refuses %s as %s', (address, description) => {
    expect(addressBlockReason(address)).toBe(`${address} is ${description}`);
  });

  it.each([
    ['::ffff:127.0.0.1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['::ffff:7f00:1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['::ffff:169.254.169.254', 'an IPv4-mapped form of 169.254.169.254, the cloud metadata address'],
    ['::ffff:10.0.0.1', 'an IPv4-mapped form of 10.0.0.1, a private network address'],
    ['::ffff:0:127.0.0.1', 'an IPv4-translated form of 127.0.0.1, a loopback address'],
    ['64:ff9b::127.0.0.1', 'a NAT64 form of 127.0.0.1, a loopback address'],
    ['64:ff9b::a9fe:a9fe', 'a NAT64 form of 169.254.169.254, the cloud metadata address'],
    ['2002:7f00:1::', 'a 6to4 form of 127.0.0.1, a loopback address'],
    ['2002:c0a8:101::1', 'a 6to4 form of 192.168.1.1, a private network address'],
    ['::7f00:1', 'an IPv4-compatible form of 127.0.0.1, a loopback address'],
    ['::a9fe:a9fe', 'an IPv4-compatible form of 169.254.169.254, the cloud metadata address'],
  ])('refuses the embedded IPv4 in %s', (address, description) => {
    expect(addressBlockReason(address)).toBe(`${address} is ${description}`);
  });

  it('refuses ::127.0.0.1 (ipaddr.js reads it as the mapped form)', () => {
    expect(addressBlockReason('::127.0.0.1')).toMatch(/of 127\.0\.0\.1, a loopback address$/);
  });

  it('refuses the local-use NAT64 prefix outright', () => {
    expect(addressBlockReason('64:ff9b:1::8.8.8.8')).toMatch(/special-purpose address \(rfc6052\)/);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '151.101.1.140', '2606:4700::6810:85e5', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'allows the public address %s',
    (address) => {
      expect(addressBlockReason(address)).toBeNull();
    },
  );

  it('accepts bracketed IPv6 as URLs spell it', () => {
    expect(addressBlockReason('[::1]')).toBe('::1 is a loopback address');
  });

  it('reports text that is not an address', () => {
    expect(addressBlockReason('example.org')).toBe('example.org is not an IP address');
  });
});

describe('urlRefusal', () => {
  const refuse = (url: string, policy: TargetPolicy = guarded): string | undefined => urlRefusal(new URL(url), policy)?.reason;

  it.each([
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://127.1/', '127.0.0.1 is a loopback address'],
    ['http://127.0.0.1./', '127.0.0.1 is a loopback address'],
    ['http://0/', '0.0.0.0 is an unspecified address'],
    ['http://0xa9fea9fe/', '169.254.169.254 is the cloud metadata address'],
    ['http://012.0.0.1/', '10.0.0.1 is a private network address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe is an IPv4-mapped form of 169.254.169.254, the cloud metadata address'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'fd00:ec2::254 is the cloud metadata address'],
  ])('normalizes %s and refuses it', (url, reason) => {
    expect(refuse(url)).toBe(reason);
  });

  it('refuses schemes other than http and https, whatever the policy', () => {
    for (const url of ['ftp://example.org/feed', 'file:///etc/passwd', 'gopher://example.org/', 'data:text/xml,<rss/>']) {
      expect(urlRefusal(new URL(url), { ...guarded, allowPrivateAddresses: true })?.fix).toBe('use an http or https URL');
    }
  });

  it('refuses credentials in the URL, whatever the policy', () => {
    for (const url of ['https://user:secret@example.org/feed', 'https://user@example.org/feed', 'https://:secret@example.org/feed']) {
      expect(urlRefusal(new URL(url), { ...guarded, allowPrivateAddresses: true })?.reason).toBe('the URL carries a user name or password');
    }
  });

  it('refuses ports outside allowedPorts and names the fix', () => {
    expect(urlRefusal(new URL('http://example.org:22/feed'), guarded)).toEqual({
      reason: 'port 22 is not in fetch.allowedPorts (80, 443, 8080, 8443)',
      fix: 'add 22 to fetch.allowedPorts',
    });
    expect(refuse('https://example.org:8443/feed')).toBeUndefined();
    expect(refuse('https://example.org/feed', { ...guarded, allowedPorts: [80] })).toBe('port 443 is not in fetch.allowedPorts (80)');
  });

  it('lets allowPrivateAddresses lift the address check but never the port allow-list (issue 18)', () => {
    const open = { ...guarded, allowPrivateAddresses: true, allowedPorts: [80, 41234] };
    expect(refuse('http://127.0.0.1:41234/feed', open)).toBeUndefined();
    expect(refuse('http://[::1]/feed', open)).toBeUndefined();
    expect(urlRefusal(new URL('http://[::1]:9/feed'), open)).toEqual({
      reason: 'port 9 is not in fetch.allowedPorts (80, 41234)',
      fix: 'add 9 to fetch.allowedPorts',
    });
  });

  it('lets a trusted host through without opening other private targets or other ports', () => {
    const policy = { ...guarded, trustedHosts: ['intranet.test', '10.0.0.5'] };
    expect(refuse('http://intranet.test:8080/feed', policy)).toBeUndefined();
    expect(refuse('http://10.0.0.5/feed', policy)).toBeUndefined();
    expect(refuse('http://10.0.0.6/feed', policy)).toBe('10.0.0.6 is a private network address');
    // Issue 18, finding 3: trusted hosts skipped the port allow-list.
    expect(refuse('http://intranet.test:18680/', policy)).toBe('port 18680 is not in fetch.allowedPorts (80, 443, 8080, 8443)');
    expect(refuse('http://10.0.0.5:8000/feed', policy)).toBe('port 8000 is not in fetch.allowedPorts (80, 443, 8080, 8443)');
  });

  it('leaves host names to the connect-time check and allows public literals', () => {
    expect(refuse('https://localhost/feed')).toBeUndefined();
    expect(refuse('https://93.184.216.34/feed')).toBeUndefined();
    expect(refuse('https://[2606:4700::6810:85e5]/feed')).toBeUndefined();
  });
});

function resolveWith(lookup: LookupFunction, hostname: string, all: boolean): Promise<{ error: unknown; answer: unknown }> {
  return new Promise((resolve) => {
    lookup(hostname, { all }, (error, answer) => resolve({ error, answer }));
  });
}

describe('guardLookup', () => {
  const table = {
    'rebind.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254', 'fd00:ec2::254'],
    'mixed.test': ['10.0.0.7', '93.184.216.34', '::ffff:127.0.0.1', '2606:4700::6810:85e5'],
    'public.test': ['93.184.216.34'],
    'intranet.test': ['10.0.0.5'],
  };
  const lookup = guardLookup(fakeResolver(table), { ...guarded, trustedHosts: ['intranet.test'] });

  it('fails a host whose every address is refused, naming each', async () => {
    const { error } = await resolveWith(lookup, 'metadata.test', true);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).refusal).toEqual({
      reason: 'metadata.test resolves to 169.254.169.254 is the cloud metadata address; fd00:ec2::254 is the cloud metadata address',
      fix: 'set fetch.allowPrivateAddresses: true to allow private networks',
    });
  });

  it('refuses a single-answer lookup too', async () => {
    const { error } = await resolveWith(lookup, 'rebind.test', false);
    expect((error as BlockedAddressError).refusal.reason).toBe('rebind.test resolves to 127.0.0.1 is a loopback address');
  });

  it('keeps only the public addresses of a mixed answer', async () => {
    expect(await resolveWith(lookup, 'mixed.test', true)).toEqual({
      error: null,
      answer: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::6810:85e5', family: 6 },
      ],
    });
    expect(await resolveWith(lookup, 'mixed.test', false)).toEqual({ error: null, answer: '93.184.216.34' });
  });

  it('passes resolver errors and public answers through', async () => {
    expect(await resolveWith(lookup, 'public.test', false)).toEqual({ error: null, answer: '93.184.216.34' });
    const { error } = await resolveWith(lookup, 'missing.test', true);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });

  it('lets a trusted host resolve to a private address', async () => {
    expect(await resolveWith(lookup, 'intranet.test', false)).toEqual({ error: null, answer: '10.0.0.5' });
  });

  it('does not wrap the resolver when private addresses are allowed', () => {
    const resolver = fakeResolver(table);
    expect(guardLookup(resolver, { ...guarded, allowPrivateAddresses: true })).toBe(resolver);
  });
});
