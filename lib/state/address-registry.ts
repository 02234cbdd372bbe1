/**
 * The node-wide address registry: which container holds which address, one entry per address
 * in <run-dir>/addr/ (tmpfs: gone at reboot with the routes), a symlink whose target is the
 * claim (lib/state/address-claim.ts). An up claims its addresses under one lock (lib/doors/lock.ts)
 * and is refused, naming the holder, when another container holds one; a down releases only
 * its own claims. A claim is live while its host veth exists: one left by a container whose
 * down never ran (its veth vanished with it) is taken over. The directory is checked like the
 * rest of the run dir (root's, writable by no one else), so only root can put entries there;
 * an entry that is not a valid claim is moved aside with a warning and counts as none. Cost
 * per hook: one lock, and one symlink(2) or readlink(2) per own address, whatever the number
 * of containers.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { createSymlinkExclusive, putSymlink, readLinkIfExists, removeFile } from '../doors/fs.js';
import { readStateFile } from './read-state-file.js';
import { withLock } from '../doors/lock.js';
import { parseClaim, renderClaim, type AddressClaim } from './address-claim.js';
import { runSubdir } from './run-dir.js';

export type { AddressClaim } from './address-claim.js';

export interface RegistryAccess {
  runDir: string;
  /** One line per bad entry (moved aside). */
  warn: (line: string) => void;
}

/** One address an up wants, and where it was configured (for the refusal). */
interface WantedAddress {
  address: string;
  /** `file:line: KEY`, or what names the setting best. */
  from: string;
}

export interface ClaimRequest extends RegistryAccess {
  owner: string;
  part: string;
  addresses: readonly WantedAddress[];
  /** Whether a claim of another owner is still live (its host veth exists). */
  isLive: (claim: AddressClaim) => boolean;
}

/** `<run-dir>/addr/10.0.0.5`, `<run-dir>/addr/2001-db8--5` (validated addresses only). */
function claimFile(dir: string, address: string): string {
  return join(dir, address.replace(/:/g, '-'));
}

/** The claim on `address`, or undefined (none, or a bad entry: moved aside unless keepBad). */
function readClaim(dir: string, address: string, warn: (l: string) => void, keepBad = false): AddressClaim | undefined {
  const file = claimFile(dir, address);
  const r = readStateFile({
    file,
    read: () => readLinkIfExists(file),
    parse: (target) => parseClaim(target, address),
    what: 'address claim',
    instead: 'it is ignored',
    unreadable: () => 'not a symlink',
    warn,
    keepBad,
  });
  return 'value' in r ? r.value : undefined;
}

/** "vz-101" -> "CT 101", "lxc-web" -> "container web". */
export function ownerLabel(owner: string): string {
  if (owner.startsWith('vz-')) return `CT ${owner.slice(3)}`;
  if (owner.startsWith('lxc-')) return `container ${owner.slice(4)}`;
  return owner;
}

/**
 * Claim every address for `owner` (all or none). Throws E_ADDRESS_TAKEN naming the address,
 * its setting and the other container. Returns the addresses newly claimed by this call, for
 * `releaseAddresses` when the up then fails. Claiming what the owner holds is a no-op.
 */
export async function claimAddresses(req: ClaimRequest): Promise<string[]> {
  if (req.addresses.length === 0) return [];
  const dir = runSubdir(req.runDir, 'addr');
  const target = renderClaim(req);
  return withLock('addresses', { runDir: req.runDir }, async () => {
    const fresh: string[] = [];
    try {
      for (const w of req.addresses) {
        const file = claimFile(dir, w.address);
        if (createSymlinkExclusive(file, target)) {
          fresh.push(w.address);
          continue;
        }
        const c = readClaim(dir, w.address, req.warn);
        if (c && c.owner === req.owner && c.part === req.part) continue;
        if (c && c.owner !== req.owner && req.isLive(c)) {
          throw new CtnetError(
            `${w.from}: "${w.address}" is held by ${ownerLabel(c.owner)} (${c.part}), which is running`,
            {
              code: 'E_ADDRESS_TAKEN',
              hint: `give ${ownerLabel(req.owner)} another address, or stop ${ownerLabel(c.owner)} first`,
            },
          );
        }
        // Free (a bad entry moved aside), stale, or this owner's on another veth: take it.
        putSymlink(file, target);
        fresh.push(w.address);
      }
    } catch (e) {
      for (const a of fresh) removeFile(claimFile(dir, a));
      throw e;
    }
    return fresh;
  });
}

/** Release the owner's claims on these addresses; others' claims stay. Idempotent. */
export async function releaseAddresses(
  acc: RegistryAccess & { owner: string; addresses: readonly string[] },
): Promise<void> {
  const dir = runSubdir(acc.runDir, 'addr', { create: false });
  const mine = (a: string): boolean => readClaim(dir, a, acc.warn)?.owner === acc.owner;
  const candidates = [...new Set(acc.addresses)].filter(mine);
  if (candidates.length === 0) return;
  await withLock('addresses', { runDir: acc.runDir }, async () => {
    for (const a of candidates) if (mine(a)) removeFile(claimFile(dir, a));
  });
}

/**
 * The addresses among `addresses` that another owner holds (read-only, no lock: a down uses
 * it to leave their routes alone). `keepBad`: dry runs leave bad entries where they are.
 */
export function heldByOthers(
  acc: RegistryAccess & { owner: string; addresses: readonly string[]; keepBad?: boolean },
): Map<string, AddressClaim> {
  const out = new Map<string, AddressClaim>();
  const dir = runSubdir(acc.runDir, 'addr', { create: false });
  for (const a of new Set(acc.addresses)) {
    const c = readClaim(dir, a, acc.warn, acc.keepBad);
    if (c && c.owner !== acc.owner) out.set(a, c);
  }
  return out;
}
