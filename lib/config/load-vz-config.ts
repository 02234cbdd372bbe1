/**
 * Read an OpenVZ container's configuration as vzctl does: /etc/vz/vz.conf, then
 * /etc/vz/conf/<VEID>.conf (the CT file wins). Text only: nothing is sourced or expanded.
 * Both are bounded reads (lib/fs.ts readConfigFile) that follow a symlink: OpenVZ 7 links
 * the CT file into the CT's private area.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { readConfigFile } from '../fs.js';
import { mergeConfs, parseVzConf, type ConfValue, type ParsedConf } from './vz-conf.js';
import { checkCtid } from './validate.js';

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

export function loadVzConfig(veid: string, opts: { vzDir?: string; ctFile?: string } = {}): VzConfig {
  const why = checkCtid(veid);
  if (why) throw new CtnetError(`VEID: ${why}`, { code: 'E_USAGE' });
  const vzDir = opts.vzDir ?? DEFAULT_VZ_DIR;
  const globalFile = join(vzDir, 'vz.conf');
  const ctFile = opts.ctFile ?? ctConfPath(vzDir, veid);
  const confs: ParsedConf[] = [];
  const g = readConfigFile(globalFile);
  if (g !== undefined) confs.push(parseVzConf(g, globalFile));
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
