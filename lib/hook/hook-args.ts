/**
 * The argv of a hook executable. Runtimes pass positionals only (vzctl: `init veth DEV`, LXC:
 * `NAME net up veth LINK DEV`); options come from the admin (the LXC script line, a dry run by
 * hand). The rules are few and strict, so hostile text cannot pass for an option:
 *
 *   --name=value, --name value   a string option; a missing or empty value is an error, and
 *                                so is a next argument that is itself an option
 *   --name                       a boolean option; --name=x is an error
 *   -h -n -v, -nv                the short booleans only; any other letter is an error
 *   --                           everything after it is positional
 *   anything else                positional, kept as the exact string ("" and "-" included);
 *                                it and everything after it are positional
 *
 * A string option given twice becomes a list (--forward is repeatable; the others refuse
 * lists where they are read). Hand-written rather than minimist, which the CLI keeps: minimist
 * turns positionals like "1e3" into numbers, and its first call is a measurable part of a
 * hook's start-up (docs/bench.md).
 */
import { usageError } from '../errors.js';

export type HookArgValue = string | string[] | boolean;

export interface HookArgs {
  /** Positional arguments, in order. */
  _: string[];
  [option: string]: HookArgValue | undefined;
}

export interface HookArgSpec {
  booleans: readonly string[];
  strings: readonly string[];
  /** One-letter aliases of boolean options, e.g. { n: 'dry-run' }. */
  short: Readonly<Record<string, string>>;
}

/** The options every hook executable takes (lib/hook/run-hook.ts). */
const COMMON_HOOK_ARGS: HookArgSpec = {
  booleans: ['help', 'version', 'dry-run', 'verbose', 'quiet'],
  strings: ['vz-dir', 'run-dir', 'vzctl', 'etc-dir'],
  short: { h: 'help', n: 'dry-run', v: 'verbose' },
};

/** The common options plus a hook's own. */
export function hookArgSpec(extra: { booleans?: readonly string[]; strings?: readonly string[] } = {}): HookArgSpec {
  return {
    booleans: [...COMMON_HOOK_ARGS.booleans, ...(extra.booleans ?? [])],
    strings: [...COMMON_HOOK_ARGS.strings, ...(extra.strings ?? [])],
    short: COMMON_HOOK_ARGS.short,
  };
}

/** Parse `argv`; throws a usage error (E_USAGE) naming the offending option. */
export function parseHookArgs(argv: readonly string[], spec: HookArgSpec): HookArgs {
  const out: HookArgs = { _: [] };
  const booleans = new Set(spec.booleans);
  const strings = new Set(spec.strings);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out._.push(...argv.slice(i + 1));
      break;
    }
    if (!isOption(a)) {
      out._.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (booleans.has(name)) {
        if (eq >= 0) throw usageError(`--${name} takes no value`);
        out[name] = true;
      } else if (strings.has(name)) {
        let value = eq >= 0 ? a.slice(eq + 1) : argv[i + 1];
        if (eq < 0) {
          if (value === undefined || isOption(value)) value = '';
          else i++;
        }
        if (!value) throw usageError(`--${name} needs a value`);
        addString(out, name, value);
      } else {
        throw usageError(`unknown option "--${name}"`);
      }
    } else {
      for (const letter of a.slice(1)) {
        const name = spec.short[letter];
        if (name === undefined) throw usageError(`unknown option "-${letter}"`);
        out[name] = true;
      }
    }
  }
  return out;
}

function isOption(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-');
}

function addString(out: HookArgs, name: string, value: string): void {
  const prev = out[name];
  out[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [String(prev)]), value];
}

/** The value of string option `name`, undefined when absent; a repeated option is an error. */
export function stringOption(args: HookArgs, name: string): string | undefined {
  const v = args[name];
  if (Array.isArray(v)) throw usageError(`--${name} is given more than once`);
  return typeof v === 'string' ? v : undefined;
}
