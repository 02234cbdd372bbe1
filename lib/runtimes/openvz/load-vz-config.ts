/**
 * Read an OpenVZ container's configuration as vzctl does: /etc/vz/vz.conf, then
 * /etc/vz/conf/<VEID>.conf (the CT file wins). Text only: nothing is sourced or expanded.
 * Both are bounded reads (lib/doors/fs.ts readConfigFile) that follow a symlink: OpenVZ 7 links
 * the CT file into the CT's private area.
 */
import { join } from 'node:path';
import { CtnetError } from '../../errors.js';
import { readConfigFile } from '../../doors/fs.js';
import { mergeConfs, parseVzConf, type ConfValue, type ParsedConf } from './vz-conf.js';
import { checkCtid } from '../../request/validate.js';

export const DEFAULT_VZ_DIR = '/etc/vz';

export interface VzConfig {
  veid: string;
  ctFile: string;
  vars: Map<string, ConfValue>;
  warnings: string[];
  /** False when the CT file does not exist. */
  ctFileFound: boolean;
}

export function ctConfPath(vzDir: string, veid: string): string {
  return join(vzDir, 'conf', `${veid}.conf`);
}

export interface LoadVzOptions {
  vzDir?: string;
  ctFile?: string;
  /** vz.conf already parsed (null: there is none), for callers that load many CTs in one pass. */
  globalConf?: ParsedConf | null;
}

export function loadVzConfig(veid: string, opts: LoadVzOptions = {}): VzConfig {
  const why = checkCtid(veid);
  if (why) throw new CtnetError(`VEID: ${why}`, { code: 'E_USAGE' });
  const vzDir = opts.vzDir ?? DEFAULT_VZ_DIR;
  const ctFile = opts.ctFile ?? ctConfPath(vzDir, veid);
  const confs: ParsedConf[] = [];
  const g = opts.globalConf !== undefined ? opts.globalConf : loadGlobalVzConf(vzDir);
  if (g) confs.push(g);
  const c = readConfigFile(ctFile);
  if (c !== undefined) confs.push(parseVzConf(c, ctFile));
  return {
    veid,
    ctFile,
    vars: mergeConfs(...confs),
    warnings: confs.flatMap((x) => x.warnings),
    ctFileFound: c !== undefined,
  };
}

/** DIR/vz.conf parsed, or null when there is none. */
export function loadGlobalVzConf(vzDir: string): ParsedConf | null {
  const file = join(vzDir, 'vz.conf');
  const text = readConfigFile(file);
  return text === undefined ? null : parseVzConf(text, file);
}
