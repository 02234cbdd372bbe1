/**
 * The node-wide address registry: which container holds which address, one small file per
 * address in <run-dir>/addr/ (tmpfs: gone at reboot with the routes). An up claims its
 * addresses under one lock (lib/lock.ts) and is refused, naming the holder, when another
 * container holds one; a down releases only its own claims. A claim is live while its host
 * veth exists: one left by a container whose down never ran (its veth vanished with it) is
 * taken over. Claims are data, validated on every read (readTrustedText: no symlinks, root's,
 * bounded); a bad one is moved aside with a warning and counts as no claim. The cost per hook
 * is one lock and one file per own address, whatever the number of containers.
 */
import { join } from 'node:path';
import { CtnetError, oneLine } from '../errors.js';
import { moveAside, readTrustedText, removeFile, writeFileAtomic } from '../fs.js';
import { withLock } from '../lock.js';
import { parseClaim, renderClaim, type AddressClaim } from './address-claim.js';
import { runSubdir } from './run-dir.js';

export type { AddressClaim } from './address-claim.js';

export interface RegistryAccess {
  runDir: string;
  /** One line per bad claim file (moved aside). */
  warn: (line: string) => void;
}

/** One address an up wants, and where it was configured (for the refusal). */
export interface WantedAddress {
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

/** The claim on `address`, or undefined (none, or a bad file moved aside with a warning). */
function readClaim(dir: string, address: string, warn: (l: string) => void, keepBad = false): AddressClaim | undefined {
  const file = claimFile(dir, address);
  let why: string;
  try {
    const text = readTrustedText(file, { maxBytes: CLAIM_MAX_BYTES });
    if (text === undefined) return undefined;
    const c = parseClaim(text, address);
    if (typeof c !== 'string') return c;
    why = c;
  } catch (e) {
    if (!(e instanceof CtnetError)) throw e;
    why = e.message;
  }
  const aside = keepBad ? undefined : moveAside(file);
  warn(oneLine(`warning: address claim "${file}" is not usable (${why})${aside ? `; moved aside to "${aside}"` : ''}; it is ignored`));
  return undefined;
}

const CLAIM_MAX_BYTES = 1024;

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
  return withLock('addresses', { runDir: req.runDir }, async () => {
    const fresh: WantedAddress[] = [];
    for (const w of req.addresses) {
      const c = readClaim(dir, w.address, req.warn);
      if (c && c.owner === req.owner && c.part === req.part) continue;
      if (c && c.owner !== req.owner && req.isLive(c)) {
        throw new CtnetError(`${w.from}: "${w.address}" is held by ${ownerLabel(c.owner)} (${c.part}), which is running`, {
          code: 'E_ADDRESS_TAKEN', hint: `give ${ownerLabel(req.owner)} another address, or stop ${ownerLabel(c.owner)} first`,
        });
      }
      fresh.push(w);
    }
    for (const w of fresh) writeFileAtomic(claimFile(dir, w.address), renderClaim({ address: w.address, owner: req.owner, part: req.part }));
    return fresh.map((w) => w.address);
  });
}

/** Release the owner's claims on these addresses; others' claims stay. Idempotent. */
export async function releaseAddresses(acc: RegistryAccess & { owner: string; addresses: readonly string[] }): Promise<void> {
  const dir = runSubdir(acc.runDir, 'addr', { create: false });
  const mine = (a: string): boolean => readClaim(dir, a, acc.warn)?.owner === acc.owner;
  if (!acc.addresses.some(mine)) return;
  await withLock('addresses', { runDir: acc.runDir }, async () => {
    for (const a of new Set(acc.addresses)) if (mine(a)) removeFile(claimFile(dir, a));
  });
}

/**
 * The addresses among `addresses` that another owner holds (read-only, no lock: a down uses
 * it to leave their routes alone). `keepBad`: dry runs leave bad files where they are.
 */
export function heldByOthers(acc: RegistryAccess & { owner: string; addresses: readonly string[]; keepBad?: boolean }): Map<string, AddressClaim> {
  const out = new Map<string, AddressClaim>();
  const dir = runSubdir(acc.runDir, 'addr', { create: false });
  for (const a of new Set(acc.addresses)) {
    const c = readClaim(dir, a, acc.warn, acc.keepBad);
    if (c && c.owner !== acc.owner) out.set(a, c);
  }
  return out;
}
