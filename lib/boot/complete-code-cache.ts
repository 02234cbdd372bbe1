/**
 * The code cache of the whole bundle, not only of the functions one run happened to call.
 * A cache made at the end of a run holds what that run compiled: the first run after a boot
 * decides what every later run finds compiled, and a dry run, a down of ctnet-lxc (up and
 * down share the executable), or a routed CT on a host of bridged ones compile the rest on
 * every start (~1 ms: 4 M instructions per run, docs/bench.md). So the cache is made from a
 * second compile of the same source with V8's --no-lazy (every function compiled up front)
 * and --no-compilation-cache (else V8 hands back the script it already has), both switched
 * back before the cache is serialized: a cache carries a hash of V8's flags, and one made
 * under other flags would be refused by every later run.
 *
 * Checked rather than trusted: the complete cache is kept only when its header (magic, V8
 * version, source and flag hashes: V8's SerializedCodeData) equals that of the plain cache
 * made in the same process; anything else, or any error, means the plain cache.
 */
import type { Script } from 'node:vm';
import type * as V8 from 'node:v8';
import { builtinModule } from '../builtin-module.js';

/** Bytes of the header that must match: magic number, version hash, source hash, flag hash. */
const HEADER_CHECKED = 16;

export function completeCodeCache(script: Script, compile: () => Script): Buffer {
  const plain = script.createCachedData();
  let whole: Script | undefined;
  const v8 = builtinModule<typeof V8>('node:v8');
  try {
    v8.setFlagsFromString('--no-lazy');
    v8.setFlagsFromString('--no-compilation-cache');
    whole = compile();
  } catch {
    whole = undefined; // the plain cache, below
  } finally {
    v8.setFlagsFromString('--lazy');
    v8.setFlagsFromString('--compilation-cache');
  }
  // Serialized under the flags every run has (the header carries their hash).
  const complete = whole?.createCachedData();
  const sameHeader = complete !== undefined && complete.length > plain.length && plain.length > HEADER_CHECKED &&
    complete.subarray(0, HEADER_CHECKED).equals(plain.subarray(0, HEADER_CHECKED));
  return sameHeader ? complete! : plain;
}
