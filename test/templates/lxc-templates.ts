/** Every templates/lxc-*.conf parses with ctnet's LXC parser, and its script lines with ctnet-lxc's options. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { parseLxcConfig } from '../../lib/runtimes/lxc/lxc-config.js';
import { parseLxcOptions } from '../../lib/runtimes/lxc/lxc-options.js';

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../templates');
const files = fs.readdirSync(dir).filter((f) => /^lxc-.*\.conf$/.test(f));

t.ok(files.length >= 5, `templates found: ${files.join(' ')}`);
for (const f of files) {
  t.test(f, async (t) => {
    const cfg = parseLxcConfig(fs.readFileSync(path.join(dir, f), 'utf8'), f);
    t.equal(cfg.sections.length, 1, 'one network section');
    const s = cfg.sections[0]!;
    t.equal(s.type, 'veth');
    t.ok(s.scriptUp && s.scriptUp === s.scriptDown, 'the same line for up and down');
    const [hook, ...argv] = s.scriptUp!.split(/\s+/);
    t.equal(hook, '/usr/libexec/ctnet/ctnet-lxc');
    const opts = parseLxcOptions(argv);
    t.ok(opts.bridge || s.link || opts.routed, 'a bridge or --routed');
    if (opts.routed) t.ok(s.ipv4.length + s.ipv6.length > 0, 'routed template has addresses');
  });
}
