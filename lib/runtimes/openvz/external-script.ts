/**
 * EXTERNAL_SCRIPT from /etc/vz/vznet.conf, as stock vznetcfg runs it (vzctl bin/vznetcfg.in,
 * libvzctl scripts/vznetcfg.in): only when set and executable, with vznetcfg's own argv
 * (unquoted `$@`: empty arguments vanish) and VEID in the environment. The file is READ with
 * the vzctl line parser, never sourced. Differences, on purpose: ctnet runs it after its own
 * work instead of `exec`ing it in place of that work, with a timeout, and it skips a script
 * that is this very executable (or is reached again from inside one), so nothing loops.
 */
import { calledAs } from '../../boot/called-as.js';
import { basename, isAbsolute, join } from 'node:path';
import { CtnetError, configError } from '../../errors.js';
import { run } from '../../doors/exec.js';
import { isExecutableFile, pathExists, readConfigFile, realPathIfExists } from '../../doors/fs.js';
import { parseVzConf, type ConfValue } from './vz-conf.js';

const VZNET_CONF = 'vznet.conf';
/** Set in the script's environment; a vznetcfg started with it set runs no script again. */
export const NESTED_ENV = 'CTNET_VZNETCFG_NESTED';

export interface ExternalScript {
  path: string;
  from: ConfValue;
}

/** The script named in `<vzDir>/vznet.conf`, or undefined (no file, unset or empty). */
export function readExternalScript(vzDir: string): ExternalScript | undefined {
  const file = join(vzDir, VZNET_CONF);
  const text = readConfigFile(file);
  if (text === undefined) return undefined;
  const cv = parseVzConf(text, file).values.get('EXTERNAL_SCRIPT');
  if (!cv || cv.value.trim() === '') return undefined;
  const p = cv.value.trim();
  if (!isAbsolute(p)) throw configError(cv, `"${p}" is not an absolute path`);
  return { path: p, from: cv };
}

export interface ScriptRun {
  script: ExternalScript;
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** This executable (process.argv[1]), to skip running itself. */
  self?: string;
  timeoutMs: number;
  log: (line: string) => void;
}

/** Why the script is not run, or undefined when it should run. */
export function skipReason(r: Pick<ScriptRun, 'script' | 'env' | 'self'>): string | undefined {
  const where = `${r.script.from.file}:${r.script.from.line}`;
  if (r.env[NESTED_ENV] === '1') return `already inside EXTERNAL_SCRIPT (${where}), not running it again`;
  if (!pathExists(r.script.path) || !isExecutableFile(r.script.path)) {
    return `EXTERNAL_SCRIPT "${r.script.path}" (${where}) is not an executable file: skipped, as stock vznetcfg does`;
  }
  // The same file, unless it is the self-contained executable called as another hook (its
  // links all lead to one binary: the name along the link chain tells).
  const self = r.self ? realPathIfExists(r.self) : undefined;
  const role = calledAs(r.script.path);
  const sameFile = self !== undefined && realPathIfExists(r.script.path) === self;
  if (role === 'ctnet-vznetcfg' || (sameFile && role !== 'ctnet-vznet'))
    return `EXTERNAL_SCRIPT (${where}) is ctnet-vznetcfg itself: not running it again`;
  return undefined;
}

/** Run the script; its output is passed on line by line, a non-zero exit is an error. */
export async function runExternalScript(r: ScriptRun): Promise<void> {
  const skip = skipReason(r);
  if (skip) return r.log(skip);
  const argv = r.argv.filter((a) => a !== '');
  const where = `${r.script.from.file}:${r.script.from.line}`;
  const res = await run(r.script.path, argv, {
    env: { ...r.env, [NESTED_ENV]: '1' },
    timeoutMs: r.timeoutMs,
    allowFailure: true,
  }).catch((e: unknown) => {
    throw new CtnetError(
      `EXTERNAL_SCRIPT "${r.script.path}" (${where}): ${e instanceof Error ? e.message : String(e)}`,
      {
        code: e instanceof CtnetError ? e.code : 'E_EXEC',
        cause: e,
        command: [r.script.path, ...argv],
      },
    );
  });
  for (const l of `${res.stdout}${res.stderr}`.split('\n')) if (l.trim()) r.log(`${basename(r.script.path)}: ${l}`);
  if (res.exitCode !== 0) {
    const why = res.stderr.split('\n').find((l) => l.trim()) ?? `exit code ${res.exitCode}`;
    throw new CtnetError(
      `EXTERNAL_SCRIPT "${r.script.path}" (${where}) failed with exit code ${res.exitCode}: ${why.trim()}`,
      {
        code: 'E_EXTERNAL',
        command: [r.script.path, ...argv],
        exitCode: res.exitCode,
        hint: 'vzctl treats this as a failed veth setup; run the script by hand with the same arguments',
      },
    );
  }
}
