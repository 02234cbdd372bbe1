/** Validated command-line values for the host commands (interface names, addresses, MAC, MTU). */
import type minimist from 'minimist';
import { checkIfname, checkMac, parseMtu } from '../request/validate.js';
import { usageError } from '../errors.js';
import { parseIpAddr, type IpAddr } from '../request/ip-address.js';

export function optIfname(args: minimist.ParsedArgs, key: string, required: true): string;
export function optIfname(args: minimist.ParsedArgs, key: string, required?: boolean): string | undefined;
export function optIfname(args: minimist.ParsedArgs, key: string, required = false): string | undefined {
  const v = cliValue(args, key);
  if (v === undefined || v === '') {
    if (required) throw usageError(`--${key} is required`);
    return undefined;
  }
  const why = typeof v === 'string' ? checkIfname(v) : `give --${key} once`;
  if (why) throw usageError(`--${key}: ${why}`);
  return v as string;
}

/** Every --address A/LEN given (repeatable); the prefix is required. */
export function optAddresses(args: minimist.ParsedArgs, key = 'address'): IpAddr[] {
  return ([] as unknown[])
    .concat(args[key] ?? [])
    .map(String)
    .filter((v) => v !== '')
    .map((v) => {
      const a = parseIpAddr(v);
      if (typeof a === 'string') throw usageError(`--${key}: ${a}`);
      if (!v.includes('/')) throw usageError(`--${key}: "${v}" needs a prefix length (e.g. ${v}/24)`);
      return a;
    });
}

export function optMac(args: minimist.ParsedArgs): string | undefined {
  const v = cliValue(args, 'mac');
  if (v === undefined || v === '') return undefined;
  const why = checkMac(String(v));
  if (why) throw usageError(`--mac: ${why}`);
  return String(v).toLowerCase();
}

export function optMtu(args: minimist.ParsedArgs): number | undefined {
  const v = cliValue(args, 'mtu');
  if (v === undefined || v === '') return undefined;
  const r = parseMtu(String(v));
  if (typeof r === 'string') throw usageError(`--mtu: ${r}`);
  return r;
}

/**
 * What minimist leaves under a key: a value, or a list when the option was repeated. (A dotted
 * `--mac.x` would leave an object; String() shows it as "[object Object]", which every check refuses.)
 */
type CliValue = string | number | boolean | Array<string | number | boolean> | undefined;

function cliValue(args: minimist.ParsedArgs, key: string): CliValue {
  return args[key] as CliValue;
}
