/**
 * One claim of the address registry as data (lib/state/address-registry.ts): the record id of
 * the container holding the address (vz-101, lxc-web) and its host veth. A claim is stored as
 * the target of a symlink named after the address: `ctnet1:vz-101:veth101.0`. symlink(2)
 * creates it atomically and only if the name is free, readlink(2) reads it whole (no torn
 * reads, one call each); the target is never followed, only parsed, strictly: a claim is
 * trusted only when it is exactly what ctnet writes.
 */
import { checkIfname } from '../request/validate.js';

export interface AddressClaim {
  address: string;
  /** Record id of the holder: vz-<veid> or lxc-<name>. */
  owner: string;
  /** The holder's host veth. */
  part: string;
}

const PREFIX = 'ctnet1';
const OWNER_RE = /^(vz|lxc)-[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Longer than any claim ctnet writes. */
const CLAIM_MAX_CHARS = 128;

export function renderClaim(c: Pick<AddressClaim, 'owner' | 'part'>): string {
  return `${PREFIX}:${c.owner}:${c.part}`;
}

/** The claim `target` makes on `address`, or why it is not usable. */
export function parseClaim(target: string, address: string): AddressClaim | string {
  if (target.length > CLAIM_MAX_CHARS) return `${target.length} characters, more than ${CLAIM_MAX_CHARS}`;
  const [prefix, owner, part, ...rest] = target.split(':');
  if (prefix !== PREFIX || rest.length > 0 || owner === undefined || part === undefined)
    return `not "${PREFIX}:OWNER:VETH"`;
  if (!OWNER_RE.test(owner)) return 'owner is not a container record id';
  if (checkIfname(part) !== undefined) return 'veth is not an interface name';
  return { address, owner, part };
}
