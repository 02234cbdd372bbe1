/** `ctnet host apply|show`: bring the host to what /etc/ctnet declares, or show how far it is. */
import { usageError } from '../errors.js';
import { hostApply } from '../setups/host/apply-host.js';
import { loadHostConfig, loadNetworksIfPresent } from '../setups/host/load-host-config.js';
import { observeHost } from '../setups/host/observe-host.js';
import { planHost } from '../setups/host/plan-host.js';
import { hostShowJson, renderHostShow } from '../setups/host/render-host-show.js';
import type { CliCommand } from './command.js';
import { HOST_BOOLEANS, HOST_OPTIONS_HELP, HOST_STRINGS, hostEnv } from './host-env.js';

export const hostCommand: CliCommand = {
  name: 'host',
  summary: 'bring the host to what /etc/ctnet declares (bridges, shims, NAT, forwards, pbr); show it',
  usage: `Usage: ctnet host apply [--dry-run] [options]
       ctnet host show [--json] [options]

Reads <etc>/ctnet/host.conf (bridges, macvlan shims, masquerades, forwards of no container,
isolation settings; format: templates/host.conf, docs/host-networking.md) and
<etc>/ctnet/networks.conf (policy routing). Both are optional; a file with any error is
refused whole, before anything changes.
  apply   add what is missing, remove what ctnet made that is no longer declared (bridges it
          created, its shims, NAT owners "host:NAME", its policy routing), touch nothing else;
          one line per change; a second run changes nothing and says so. What ctnet.service
          runs at boot.
  show    each entry: ok, MISSING or STALE (made by ctnet, no longer declared), then the
          isolation settings; exit 1 unless everything is ok

Options:
${HOST_OPTIONS_HELP}
  --ovs-db SOCKET ovsdb socket for Open vSwitch bridges (default: ovs-vsctl's own)
  --json          show: print {"items": [...], "settings": {...}}
`,
  strings: [...HOST_STRINGS, 'ovs-db'],
  booleans: [...HOST_BOOLEANS, 'json'],
  run: async (args, io) => {
    const verb = String(args._[1] ?? '');
    if (verb !== 'apply' && verb !== 'show')
      throw usageError(`ctnet host: expected apply or show, got "${args._.slice(1).join(' ')}"`);
    const env = hostEnv(args, io);
    if (typeof args['ovs-db'] === 'string' && args['ovs-db']) {
      env.ctx.ovsVsctl = ['ovs-vsctl', `--db=${args['ovs-db']}`];
      env.ctx.ovsDb = args['ovs-db'];
    }
    const cfg = loadHostConfig(env.etcDir);
    const pbrCfg = loadNetworksIfPresent(env.configFile);
    if (verb === 'show') {
      const items = planHost(cfg, pbrCfg, await observeHost(cfg, pbrCfg, env));
      io.stdout(args['json'] ? hostShowJson(items, cfg) : renderHostShow(items, cfg));
      return items.every((i) => i.state === 'ok') ? 0 : 1;
    }
    const { items, done } = await hostApply(cfg, pbrCfg, env);
    if (env.dryRun) {
      const todo = items.filter((i) => i.action === 'add' || i.action === 'remove');
      for (const i of todo)
        io.stdout(`would ${i.action === 'add' ? 'add' : 'remove'}: ${i.kind} ${i.name} (${i.detail})\n`);
      if (todo.length === 0) io.stdout(`host: nothing to change (${items.length} entries in place)\n`);
      return 0;
    }
    for (const line of done) io.stdout(`host: ${line}\n`);
    io.stdout(
      done.length
        ? `host: ${done.length} change(s)\n`
        : `host: nothing to change (${items.filter((i) => i.state === 'ok').length} entries in place)\n`,
    );
    return 0;
  },
};
