import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { invalid } from '../../shared/errors.js';

/**
 * Server-side request forgery guard: webhook URLs are chosen by API users, so without it a
 * user could make the server call its own network, the cloud metadata service or loopback.
 * Checked when a URL is saved and again, on the resolved address, at every connection (DNS
 * can answer differently later).
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the 169.254.169.254 metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local, including AWS's fd00:ec2::254 metadata service
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Names that reach the metadata service or this host without DNS saying so. */
const BLOCKED_HOSTNAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|.*\.internal)$/i;

/** The IPv4 address inside a NAT64 address (64:ff9b::a.b.c.d), which BlockList does not unwrap. */
function nat64Embedded(address: string): string | undefined {
  const match = /^64:ff9b::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return undefined;
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const embedded = nat64Embedded(address);
    return embedded ? blocked.check(embedded, 'ipv4') : blocked.check(address, 'ipv6');
  }
  return true;
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/** Parses and checks a webhook URL; throws VALIDATION_FAILED naming `field`. */
export async function checkWebhookUrl(value: string, options: { allowPrivate: boolean; field?: string }): Promise<string> {
  const field = options.field ?? 'url';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(field, 'must be an http or https URL');
  if (options.allowPrivate) return url.toString();
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (BLOCKED_HOSTNAMES.test(hostname))
    throw invalid(field, `"${hostname}" is a local or metadata host name; webhooks must go to a public address`);
  const addresses = isIP(hostname)
    ? [hostname]
    : await resolveAll(hostname).then(
        (found) => found.map((entry) => entry.address),
        () => undefined,
      );
  if (!addresses || addresses.length === 0) throw invalid(field, `the host "${hostname}" does not resolve`);
  const refused = addresses.find(isPrivateAddress);
  if (refused)
    throw invalid(
      field,
      `"${hostname}" resolves to ${refused}, a private, loopback, link-local or metadata address; webhooks must go to a public address`,
    );
  return url.toString();
}

export class RefusedAddressError extends Error {
  constructor(hostname: string, address: string) {
    super(`refused to connect: ${hostname} resolves to ${address}, a private, loopback, link-local or metadata address`);
    this.name = 'RefusedAddressError';
  }
}

/** A `lookup` for http.request that refuses private addresses, so the check holds on the address actually used. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) return callback(new RefusedAddressError(hostname, refused.address), '', 4);
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '', 4);
    callback(null, first.address, first.family);
  });
};
