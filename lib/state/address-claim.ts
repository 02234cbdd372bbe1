/**
 * One claim of the address registry as data (lib/state/address-registry.ts): the address,
 * the record id of the container holding it (vz-101, lxc-web) and its host veth. Parsed
 * strictly: a claim is trusted only when every field is what ctnet itself writes.
 */
import { checkIfname, parseUnicast } from '../config/validate.js';

export interface AddressClaim {
  address: string;
  /** Record id of the holder: vz-<veid> or lxc-<name>. */
  owner: string;
  /** The holder's host veth. */
  part: string;
}

export const CLAIM_VERSION = 1;

const OWNER_RE = /^(vz|lxc)-[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function renderClaim(c: AddressClaim): string {
  return `${JSON.stringify({ version: CLAIM_VERSION, address: c.address, owner: c.owner, part: c.part })}\n`;
}

/** The claim in `text` for the file of `address`, or why it is not usable. */
export function parseClaim(text: string, address: string): AddressClaim | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['version', 'address', 'owner', 'part'].includes(k));
  if (extra.length) return `unknown field "${extra[0]}"`;
  if (o['version'] !== CLAIM_VERSION) return `version is not ${CLAIM_VERSION}`;
  if (typeof o['address'] !== 'string' || typeof parseUnicast(o['address'], { allowPrefix: false }) === 'string') return 'address is not a unicast address';
  if (o['address'] !== address) return `address "${o['address']}" is not the file's (${address})`;
  if (typeof o['owner'] !== 'string' || !OWNER_RE.test(o['owner'])) return 'owner is not a container record id';
  if (typeof o['part'] !== 'string' || checkIfname(o['part']) !== undefined) return 'part is not an interface name';
  return { address, owner: o['owner'], part: o['part'] };
}
