/**
 * Rules across host.conf sections (pure), so that a config that cannot be applied whole is
 * refused before anything is applied: one name per link, one owner per host port, no
 * masquerade twice, no shim on a missing declared parent's own name.
 */
import { configError } from '../../errors.js';
import type { HostConfig, Where } from './host-config-types.js';

export function checkHostConfig(cfg: HostConfig): void {
  const links = new Map<string, { kind: string; where: Where }>();
  for (const [kind, list] of [
    ['bridge', cfg.bridges],
    ['shim', cfg.shims],
  ] as const) {
    for (const l of list) {
      const first = links.get(l.name);
      if (first)
        throw configError(
          { ...l.where, key: `[${kind} ${l.name}]` },
          `"${l.name}" is also declared as [${first.kind} ${l.name}] (line ${first.where.line})`,
        );
      links.set(l.name, { kind, where: l.where });
    }
  }
  const ports = new Map<string, { name: string; where: Where }>();
  for (const f of cfg.forwards) {
    for (const t of f.targets) {
      for (const p of f.ports) {
        const key = `${p.proto} ${p.hostPort} IPv${t.family}`;
        const first = ports.get(key);
        if (first)
          throw configError(
            { ...f.where, key: `[forward ${f.name}]` },
            `host port ${p.proto} ${p.hostPort} (IPv${t.family}) is also forwarded by [forward ${first.name}] (line ${first.where.line})`,
          );
        ports.set(key, { name: f.name, where: f.where });
      }
    }
  }
  const masq = new Map<string, { name: string; where: Where }>();
  for (const m of cfg.masquerades) {
    for (const n of m.networks) {
      const key = `${n.address}/${n.prefix} ${m.oif ?? '*'}`;
      const first = masq.get(key);
      if (first)
        throw configError(
          { ...m.where, key: `[masquerade ${m.name}]` },
          `${n.address}/${n.prefix} is also masqueraded by [masquerade ${first.name}] (line ${first.where.line})`,
        );
      masq.set(key, { name: m.name, where: m.where });
    }
  }
  const names = new Map<string, Where>();
  const named = [
    ...cfg.masquerades.map((e) => ({ kind: 'masquerade', e })),
    ...cfg.forwards.map((e) => ({ kind: 'forward', e })),
  ];
  for (const { kind, e } of named.sort((a, b) => a.e.where.line - b.e.where.line)) {
    const first = names.get(e.name);
    // Both become owners of ctnet's NAT table ("host:NAME"), so the names must differ.
    if (first)
      throw configError(
        { ...e.where, key: `[${kind} ${e.name}]` },
        `the name "${e.name}" is already used on line ${first.line} (masquerade and forward names share one namespace)`,
      );
    names.set(e.name, e.where);
  }
}
