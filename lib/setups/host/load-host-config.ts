/**
 * The typed loaders of /etc/ctnet (or <etc>/ctnet in tests): host.conf and networks.conf, each
 * optional (a missing file declares nothing). A file ctnet runs as root from must be written
 * by root only: one owned by another user, or writable by group or others, is refused.
 * Other features read the isolation settings through `loadHostConfig(etcDir).isolation`.
 */
import { join } from 'node:path';
import { CtnetError } from '../../errors.js';
import { ownerAndMode, readTextIfExists } from '../../doors/fs.js';
import { parseNetworksConf, type PbrConfig } from '../pbr/networks-conf.js';
import { emptyHostConfig, HOST_CONF_NAME, parseHostConf, type HostConfig } from './host-conf.js';

export function hostConfFile(etcDir: string): string {
  return join(etcDir, 'ctnet', HOST_CONF_NAME);
}

export function loadHostConfig(etcDir: string, file = hostConfFile(etcDir)): HostConfig {
  const text = readTrusted(file);
  return text === undefined ? emptyHostConfig(file) : parseHostConf(text, file);
}

export function loadNetworksIfPresent(file: string): PbrConfig | undefined {
  const text = readTrusted(file);
  return text === undefined ? undefined : parseNetworksConf(text, file);
}

/**
 * The file's text, undefined when it does not exist; refused when someone but root (or us) could
 * have written it.
 */
function readTrusted(file: string, uid = process.getuid?.() ?? 0): string | undefined {
  const st = ownerAndMode(file);
  if (!st) return undefined;
  if (st.uid !== 0 && st.uid !== uid)
    throw new CtnetError(`${file}: is owned by uid ${st.uid}, not root; refusing to use it`, {
      code: 'E_CONFIG',
      hint: `chown root ${file}`,
    });
  if (st.mode & 0o022)
    throw new CtnetError(`${file}: is writable by group or others (mode ${st.mode.toString(8)}); refusing to use it`, {
      code: 'E_CONFIG',
      hint: `chmod go-w ${file}`,
    });
  return readTextIfExists(file);
}
