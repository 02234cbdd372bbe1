/**
 * `ctnet pbr apply|remove|show|render`: source-based routing for multi-network hosts (seed 000).
 */
import { dirname, join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { readConfigFile, readConfigFileRequired, readTextIfExists } from '../doors/fs.js';
import { loadNetworksConf, pbrApply, pbrRemove, readPbrState, rtTablesFile } from '../setups/pbr/pbr-apply.js';
import { rtTablesText } from '../setups/pbr/pbr-entries.js';
import { renderBootConfig } from '../setups/pbr/render-boot-config.js';
import { renderPbrShow } from '../setups/pbr/render-pbr-show.js';
import type { CliCommand } from './command.js';
import { HOST_BOOLEANS, HOST_OPTIONS_HELP, HOST_STRINGS, hostEnv } from './host-env.js';

export const pbrCommand: CliCommand = {
  name: 'pbr',
  summary: 'policy routing by source network (apply, remove, show, render)',
  usage: `Usage: ctnet pbr apply|remove|show [options]
       ctnet pbr render --format centos|debian [options]

Runtime-only as a command: "apply" changes the kernel, not the boot; "ctnet host apply" (run
at boot by ctnet.service) applies networks.conf again, so what the file declares persists.

Reads <etc>/ctnet/networks.conf (format: templates/networks.conf, docs/host-networking.md).
  apply    install each network's table (named in <etc>/iproute2/rt_tables.d/ctnet.conf), its
           subnet and default routes, and the rules "from NET to NET iif venet0 lookup main" /
           "from NET iif venet0 lookup TABLE"; only what is missing, in one ip -batch per family
  remove   take out ctnet's own rules, routes and the names file; nothing else
  show     desired vs actual, entry by entry
  render   print the same as CentOS route-/rule-DEV files or Debian interfaces lines

Options:
${HOST_OPTIONS_HELP}
  --format F      render: centos or debian
  --templates DIR render: template directory (default: templates/ next to ctnet, else
                  /usr/share/ctnet/templates)
`,
  strings: [...HOST_STRINGS, 'format', 'templates'],
  booleans: HOST_BOOLEANS,
  run: async (args, io) => {
    const verb = String(args._[1] ?? '');
    const env = hostEnv(args, io);
    switch (verb) {
      case 'apply':
        await pbrApply(env);
        return 0;
      case 'remove':
        await pbrRemove(env);
        return 0;
      case 'show': {
        const cfg = loadNetworksConf(env.configFile);
        const state = await readPbrState(cfg, env.runDir);
        io.stdout(
          renderPbrShow(state, {
            path: rtTablesFile(env.etcDir),
            ok: readTextIfExists(rtTablesFile(env.etcDir)) === rtTablesText(cfg),
          }),
        );
        return 0;
      }
      case 'render': {
        const format = String(args['format'] ?? '');
        if (format !== 'centos' && format !== 'debian')
          throw usageError('ctnet pbr render needs --format centos or --format debian');
        const cfg = loadNetworksConf(env.configFile);
        const template = readConfigFileRequired(join(templatesDir(args['templates']), 'pbr', `${format}.tmpl`));
        for (const f of renderBootConfig(cfg, format, template)) io.stdout(`# ==> ${f.path} <==\n${f.text}\n`);
        return 0;
      }
      default:
        throw usageError(`ctnet pbr: expected apply, remove, show or render, got "${verb}"`);
    }
  },
};

function templatesDir(opt: unknown): string {
  if (typeof opt === 'string' && opt) return opt;
  const nextToBinary = resolve(dirname(process.argv[1] ?? '.'), '..', '..', 'templates');
  return readConfigFile(join(nextToBinary, 'networks.conf')) !== undefined
    ? nextToBinary
    : '/usr/share/ctnet/templates';
}
