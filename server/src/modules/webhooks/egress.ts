import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** What DNS says a host name is; replaceable so tests can play DNS (and rebind it). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Where one attempt may connect: the checked address, or why there is none. */
export type Destination =
  { ok: true; hostname: string; address: string; family: 4 | 6 } | { ok: false; reason: string; temporary?: boolean };

export interface EgressSettings {
  /** When true, loopback, private and link-local receivers are allowed (local development). */
  allowPrivate: boolean;
  resolve?: HostResolver | undefined;
}

export const systemResolver: HostResolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Addresses that are not on the public internet (IANA special-purpose registries): loopback, private,
 * shared (CGNAT, where one cloud keeps its metadata service), link-local (another cloud's metadata service),
 * documentation, benchmarking, multicast and reserved. IPv4-mapped IPv6 addresses are judged as their IPv4.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Link-local and cloud metadata addresses: no receiver lives there, so they stay refused even when private ones are allowed. */
const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4');
NEVER.addAddress('100.100.100.200', 'ipv4');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addAddress('fd00:ec2::254', 'ipv6');

const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** True when the address is on the public internet; a NAT64 address (64:ff9b::/96) is judged by the IPv4 inside it. */
export function isPublicAddress(address: string): boolean {
  return !inList(NOT_PUBLIC, address);
}

function isNeverAllowed(address: string): boolean {
  return isIP(address) !== 0 && inList(NEVER, address);
}

function inList(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return list.check(address, 'ipv4');
  if (NAT64.check(address, 'ipv6')) return inList(list, lastIPv4Of(address));
  return list.check(address, 'ipv6');
}

/** The IPv4 address in the low 32 bits of an IPv6 address. */
function lastIPv4Of(ipv6: string): string {
  const text = ipv6.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) return dotted[1];
  const [head = '', tail] = text.split('::');
  const groups = tail === undefined ? head.split(':') : [...head.split(':'), ...new Array(8).fill('0'), ...tail.split(':')].slice(-8);
  const low = parseInt(groups[7] ?? '0', 16);
  const high = parseInt(groups[6] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Resolver answers that say nothing about the name (the resolver could not be asked), not that it has no address. */
const TEMPORARY_DNS_ERRORS = new Set(['EAI_AGAIN', 'ETIMEOUT', 'ESERVFAIL', 'ECONNREFUSED']);

/**
 * Decides where a webhook may be sent. The host is resolved once per check and the attempt connects to
 * the address that was checked, so a name that changes its answer between the check and the connection
 * (DNS rebinding) cannot reach a private address.
 */
export class EgressGuard {
  private readonly resolve: HostResolver;

  constructor(private readonly settings: EgressSettings) {
    this.resolve = settings.resolve ?? systemResolver;
  }

  async destination(url: string): Promise<Destination> {
    const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = isIP(hostname);
    let addresses: ResolvedAddress[];
    if (literal !== 0) addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await this.resolve(hostname);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        const reason = `${hostname} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}`;
        return { ok: false, reason, temporary: typeof code === 'string' && TEMPORARY_DNS_ERRORS.has(code) };
      }
    }
    const first = addresses[0];
    if (!first) return { ok: false, reason: `${hostname} could not be resolved (no address)` };
    // Every address must pass: a resolver's other answers are what the next attempt may connect to.
    const what = (address: string): string => (literal !== 0 ? hostname : `${hostname} resolves to ${address}, which`);
    const never = addresses.find((a) => isNeverAllowed(a.address));
    if (never) return { ok: false, reason: `${what(never.address)} is a link-local or cloud metadata address` };
    if (!this.settings.allowPrivate) {
      const hidden = addresses.find((a) => !isPublicAddress(a.address));
      if (hidden) return { ok: false, reason: `${what(hidden.address)} is not a public address (WEBHOOK_ALLOW_PRIVATE is off)` };
    }
    return { ok: true, hostname, address: first.address, family: first.family };
  }
}
