/**
 * The desired network of running LXC containers, for `check` and `status`: each interface a
 * ctnet record names (lxc-<name>.json, part = host veth) whose veth exists is matched to its
 * lxc.net.N section in LXCPATH/<name>/config; the options on that section's script.up line
 * and the section give the bridge, VLAN and (routed) addresses, exactly as ctnet-lxc reads them.
 */
import { basename, join } from 'node:path';
import type { CtInterface } from '../../request/ct-network.js';
import { listDir, pathExists, readConfigFileRequired } from '../../doors/fs.js';
import { parseLxcConfig } from '../../runtimes/lxc/lxc-config.js';
import { readLxcInclude } from '../../runtimes/lxc/lxc-includes.js';
import type { LxcNetEvent } from '../../runtimes/lxc/lxc-event.js';
import { parseLxcOptions, type LxcOptions } from '../../runtimes/lxc/lxc-options.js';
import { resolveBridge } from '../../plan/plan-lxc-up.js';
import { loadSectionView } from '../../runtimes/lxc/section-view.js';
import { findNetSection } from '../../runtimes/lxc/find-net-section.js';

/** What an interface must look like, whatever the runtime (CtInterface fits). */
export type IfaceModel = Pick<CtInterface, 'ifname' | 'hostIfname' | 'bridge' | 'addresses' | 'vlan' | 'announce'>;

export interface LxcIface {
  model: IfaceModel;
  /** What `check --fix` needs to run ctnet-lxc's up again. */
  lxc: { configFile: string; opts: LxcOptions; link?: string };
}

export const DEFAULT_LXC_PATH = '/var/lib/lxc';

export function lxcConfigFile(lxcPath: string, name: string): string {
  return join(lxcPath, name, 'config');
}

/** The leading options of a ctnet-lxc script line, or undefined when the line is not ctnet-lxc. */
export function ctnetScriptOptions(line: string | undefined): string[] | undefined {
  const words = (line ?? '').trim().split(/\s+/);
  return words[0] && basename(words[0]) === 'ctnet-lxc' ? words.slice(1) : undefined;
}

export function parseScriptOptions(words: string[]): LxcOptions {
  return parseLxcOptions(words);
}

/** Containers under LXCPATH: directories with a `config` file. */
export function lxcContainerNames(lxcPath: string): string[] {
  return listDir(lxcPath)
    .filter((n) => !n.startsWith('.') && pathExists(lxcConfigFile(lxcPath, n)))
    .sort();
}

/** The host veths (veth.pair) of container `name`'s sections that run ctnet-lxc. */
export function lxcCtnetPairs(name: string, lxcPath: string): string[] {
  const configFile = lxcConfigFile(lxcPath, name);
  const cfg = parseLxcConfig(readConfigFileRequired(configFile), configFile, readLxcInclude);
  return cfg.sections.filter((s) => s.vethPair && ctnetScriptOptions(s.scriptUp) !== undefined).map((s) => s.vethPair!);
}

/** The model of container `name`'s interface on host veth `device`; undefined without a config. */
export function lxcIface(name: string, device: string, lxcPath: string): LxcIface | undefined {
  const configFile = lxcConfigFile(lxcPath, name);
  if (!pathExists(configFile)) return undefined;
  const cfg = parseLxcConfig(readConfigFileRequired(configFile), configFile, readLxcInclude);
  const ev: LxcNetEvent = { name, phase: 'up', type: 'veth', device, hookVersion: 0, configFile };
  const m = findNetSection(cfg, ev);
  const section = m.candidates.find((s) => ctnetScriptOptions(s.scriptUp) !== undefined);
  if (!section) return undefined;
  if (section.link) ev.link = section.link;
  const opts = parseScriptOptions(ctnetScriptOptions(section.scriptUp)!);
  const view = loadSectionView(ev, { link: false, addresses: opts.routed }, () => undefined);
  const bridge = opts.routed ? undefined : resolveBridge(ev, opts, view);
  const model: IfaceModel = {
    ifname: view.name ?? '-',
    hostIfname: device,
    addresses: opts.routed ? view.addresses : [],
  };
  if (bridge) model.bridge = bridge;
  if (opts.vlan !== undefined) model.vlan = opts.vlan;
  if (opts.announce) model.announce = opts.announce;
  return { model, lxc: { configFile, opts, link: ev.link } };
}
