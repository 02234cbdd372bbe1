/**
 * `ctnet host show`: one line per entry, ok / MISSING / STALE, then the isolation settings (pure).
 */
import type { HostConfig, IsolationSettings } from './host-conf.js';
import type { HostItem } from './plan-host.js';

export function renderHostShow(items: HostItem[], cfg: HostConfig): string {
  const out = items.map((i) => `${i.state.padEnd(7)}  ${`${i.kind} ${i.name}`.padEnd(28)}  ${i.detail}`);
  if (items.length === 0) out.push('# nothing declared in host.conf or networks.conf, nothing left by ctnet');
  out.push(...renderIsolation(cfg.isolation).map((l) => `setting  ${l}`));
  const count = (s: HostItem['state']) => items.filter((i) => i.state === s).length;
  out.push(`# ${count('ok')} ok, ${count('MISSING')} missing, ${count('STALE')} stale`);
  return out.join('\n') + '\n';
}

function renderIsolation(iso: IsolationSettings): string[] {
  const ports = iso.forwardPorts.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');
  return [
    `pool ${iso.pools.length ? iso.pools.map((p) => `${p.address}/${p.prefix}`).join(', ') : '(none)'}`,
    `forward-ports ${ports || '(none: only ports >= 1024)'}`,
    `filter ${iso.filter ? 'on' : 'off'}`,
  ];
}

/** The JSON of `host show --json`: the items and the settings as plain values. */
export function hostShowJson(items: HostItem[], cfg: HostConfig): string {
  const iso = cfg.isolation;
  const settings = {
    pools: iso.pools.map((p) => `${p.address}/${p.prefix}`),
    forwardPorts: iso.forwardPorts,
    filter: iso.filter,
  };
  return JSON.stringify({ items, settings }, null, 1) + '\n';
}
