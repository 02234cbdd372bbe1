// not-unit: needs root and the built hooks (ip netns lab)
/**
 * The BUILT `ctnet check` / `status` for an LXC container: the built ctnet-lxc runs with the
 * argv and env LXC 5 passes (hook.version 0, link set, veth already on the bridge), then the
 * veth is moved to another bridge by hand; check names it, --fix runs ctnet-lxc's up again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { ipBatch, ipJson, type LinkJson } from '../lab/netns.js';
import { VzLab } from '../lab/vz-lab.js';

import { CTNET, HOOK_LXC } from '../lab/executables.js';

t.test('LXC: veth moved off its bridge is found and fixed', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.hn, ['link add br1 type bridge', 'link set br1 up']);
  const lxcPath = path.join(lab.dir, 'lxc');
  const config = path.join(lxcPath, 'web1', 'config');
  fs.mkdirSync(path.dirname(config), { recursive: true });
  fs.writeFileSync(
    config,
    [
      'lxc.net.0.type = veth',
      'lxc.net.0.link = br0',
      'lxc.net.0.name = eth0',
      'lxc.net.0.veth.pair = vethweb1',
      'lxc.net.0.script.up = /usr/libexec/ctnet/ctnet-lxc',
      'lxc.net.0.script.down = /usr/libexec/ctnet/ctnet-lxc',
      '',
    ].join('\n'),
  );
  await lab.addCt('9', { pairs: [{ host: 'vethweb1', ct: 'eth0' }] });
  await ipBatch(lab.hn, ['link set dev vethweb1 master br0 up']); // LXC attaches before script.up
  const up = await lab.runHook(HOOK_LXC, ['web1', 'net', 'up', 'veth', 'br0', 'vethweb1'], {
    LXC_NAME: 'web1',
    LXC_CONFIG_FILE: config,
    LXC_HOOK_VERSION: '0',
  });
  t.equal(up.exitCode, 0, `ctnet-lxc up: ${up.stderr}`);
  const ctnet = (...args: string[]) => lab.runHook(CTNET, [...args, '--lxc-path', lxcPath], {});

  const clean = await ctnet('check');
  t.equal(clean.exitCode, 0, `clean: ${clean.stdout}${clean.stderr}`);
  await ipBatch(lab.hn, ['link set dev vethweb1 master br1']);
  const r = await ctnet('check');
  t.equal(r.exitCode, 1);
  t.equal(r.stdout, 'CT web1 vethweb1: on "br1" (want "br0")\n', 'names the container and its veth');
  const st = await ctnet('status');
  t.match(st.stdout, /\nweb1\s+eth0\s+vethweb1\s+br0\s+linux\s+-\s+running\s+-\n/, 'status row of the LXC container');
  const fix = await ctnet('check', '--fix');
  t.equal(fix.exitCode, 0, `fixed: ${fix.stdout}${fix.stderr}`);
  t.match(fix.stdout, /fixed: CT web1 vethweb1: re-applied the up plan/);
  t.equal((await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'vethweb1']))[0]!.master, 'br0', 'back on br0');
});

t.test(
  'LXC: a running container ctnet-lxc never ran for (no record) is checked from its config and fixed',
  async (t) => {
    const lab = await VzLab.create();
    t.teardown(() => lab.cleanup());
    const lxcPath = path.join(lab.dir, 'lxc');
    const config = path.join(lxcPath, 'web2', 'config');
    fs.mkdirSync(path.dirname(config), { recursive: true });
    fs.writeFileSync(
      config,
      [
        'lxc.net.0.type = veth',
        'lxc.net.0.name = eth0',
        'lxc.net.0.veth.pair = vethweb2',
        'lxc.net.0.script.up = /usr/libexec/ctnet/ctnet-lxc --bridge br0',
        'lxc.net.0.script.down = /usr/libexec/ctnet/ctnet-lxc --bridge br0',
        '',
      ].join('\n'),
    );
    // A second container that is not running (its veth does not exist): not a finding.
    fs.mkdirSync(path.join(lxcPath, 'web3'));
    fs.writeFileSync(
      path.join(lxcPath, 'web3', 'config'),
      fs.readFileSync(config, 'utf8').replace(/vethweb2/g, 'vethweb3'),
    );
    await lab.addCt('9', { pairs: [{ host: 'vethweb2', ct: 'eth0' }] });
    const ctnet = (...args: string[]) => lab.runHook(CTNET, [...args, '--lxc-path', lxcPath], {});
    t.notOk(fs.existsSync(path.join(lab.runDir, 'ct', 'lxc-web2.json')), 'no record: the hook never ran');

    const r = await ctnet('check');
    t.equal(r.exitCode, 1, `${r.stdout}${r.stderr}`);
    t.match(r.stdout, /^CT web2 vethweb2: .*br0/m, 'the unattached veth is found from the config');
    t.notMatch(r.stdout, /web3/, 'a stopped container is no finding');
    const fix = await ctnet('check', '--fix');
    t.equal(fix.exitCode, 0, `fixed: ${fix.stdout}${fix.stderr}`);
    t.equal(
      (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'vethweb2']))[0]!.master,
      'br0',
      'attached to br0',
    );
    t.equal((await ctnet('check')).exitCode, 0, 'clean afterwards');
    t.ok(fs.existsSync(path.join(lab.runDir, 'ct', 'lxc-web2.json')), 'the fix recorded what it applied, for the down');
  },
);
