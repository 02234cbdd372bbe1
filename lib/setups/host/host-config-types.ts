/** The values of /etc/ctnet/host.conf, as types (lib/setups/host/host-conf.ts parses them). */
import type { ForwardSpec } from '../../request/forward-spec.js';
import type { IpAddr } from '../../request/ip-address.js';

export interface Where {
  file: string;
  line: number;
}

export interface HostBridge {
  name: string;
  ovs: boolean;
  mac?: string;
  addresses: IpAddr[];
  mtu?: number;
  datapath?: string;
  where: Where;
}
export interface HostShim {
  name: string;
  parent: string;
  addresses: IpAddr[];
  where: Where;
}
export interface HostMasquerade {
  name: string;
  networks: IpAddr[];
  oif?: string;
  where: Where;
}
export interface HostForward {
  name: string;
  targets: IpAddr[];
  ports: ForwardSpec[];
  where: Where;
}

/** A host port or range a container forward may take (issue 15's allow-list). */
export interface PortRange {
  from: number;
  to: number;
}

export interface IsolationSettings {
  /** Container pools: networks containers may take addresses from. */
  pools: IpAddr[];
  /** Host ports forwards may take; empty = only ports >= 1024. */
  forwardPorts: PortRange[];
  /** Per-port anti-spoofing filter on by default. */
  filter: boolean;
  /** Duplicate-address probe before a routed proxy up (`dad = on|off`); unset = on. */
  dad?: boolean;
  /** Where [isolation] is, when the file has it. */
  where?: Where;
}

export interface HostConfig {
  file: string;
  bridges: HostBridge[];
  shims: HostShim[];
  masquerades: HostMasquerade[];
  forwards: HostForward[];
  isolation: IsolationSettings;
}
