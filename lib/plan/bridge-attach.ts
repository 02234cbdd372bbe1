/**
 * The `ip -batch` lines that put a host interface on a Linux bridge (pure): pin the bridge MAC
 * first (so a port joining or leaving never changes it), give the port the bridge's MTU (so
 * it never lowers the bridge's), enslave it and bring it up. Every line is a `set`: applying
 * twice equals applying once, and moving a port from another bridge is the same command.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../net/link-state.js';
import type { BatchLine } from './plan.js';

export interface LinuxBridgeAttach {
  /** Who, for messages: "CT 101". */
  subject: string;
  dev: string;
  bridgeName: string;
  /** Where the bridge name came from, for messages. */
  bridgeFrom?: string;
  bridge?: LinkState;
}

export function linuxBridgeAttachLines(a: LinuxBridgeAttach): BatchLine[] {
  const { bridge, bridgeName: name } = a;
  if (!bridge || !bridge.exists) {
    throw new CtnetError(`${a.subject}: bridge "${name}"${a.bridgeFrom ? ` (from ${a.bridgeFrom})` : ''} does not exist`, {
      code: 'E_NOBRIDGE', hint: `create it before the CT starts (ctnet bridge ensure ${name}), or fix the bridge setting`,
    });
  }
  if (!bridge.isLinuxBridge) {
    throw new CtnetError(`${a.subject}: "${name}" is not a Linux bridge`, {
      code: 'E_NOTBRIDGE', hint: 'name a Linux or Open vSwitch bridge',
    });
  }
  const lines: BatchLine[] = [];
  if (!bridge.macFixed && bridge.mac) {
    lines.push({ cmd: `link set dev ${name} address ${bridge.mac}` });
  }
  lines.push({
    cmd: `link set dev ${a.dev} mtu ${bridge.mtu} master ${name} up`,
    undo: `link set dev ${a.dev} nomaster`,
  });
  return lines;
}
