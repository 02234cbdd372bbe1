/**
 * Bad config values: one line naming file:line: KEY and the problem, exit non-zero, nothing
 * applied, no command run. Shell syntax in values is data and never executed.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VzLab } from '../lab/vz-lab.js';
import { snapshot } from '../lab/vz-state.js';

const NETIF = 'NETIF="ifname=eth0,host_ifname=veth106.0"';
const CT = '/etc/vz/conf/106.conf';

t.test('bad values and injections are refused before anything runs', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('106');
  const marker = path.join(lab.dir, 'pwned');
  const M = `touch ${marker}`;
  const before = await snapshot(lab, ['106']);
  const cases: Array<[string, string, string, string]> = [
    [
      'address out of range',
      `${NETIF}\nBRIDGEDEV="br0"\nVETH_IP_ADDRESS="10.0.0.300/24"\n`,
      '',
      `${CT}:3: VETH_IP_ADDRESS: "10.0.0.300/24" is not an IPv4/IPv6 address`,
    ],
    [
      '$() in an address list',
      `${NETIF}\nBRIDGEDEV="br0"\nVETH_IP_ADDRESS="10.0.0.106/24 $(${M})"\n`,
      '',
      `${CT}:3: VETH_IP_ADDRESS: "$(touch" is not an IPv4/IPv6 address`,
    ],
    [
      '; in an unquoted bridge',
      `${NETIF}\nBRIDGEDEV=br0;${M}\n`,
      '',
      `${CT}:2: BRIDGEDEV: "br0;${M}" is longer than 15 characters (the kernel limit for interface names)`,
    ],
    [
      'backticks in CT0_IP',
      `${NETIF}\nCT0_IP="\`${M}\`"\n`,
      '',
      `${CT}:2: CT0_IP: "\`touch" is not an IPv4/IPv6 address`,
    ],
    [
      '$() in a single-quoted gateway',
      `${NETIF}\nVE_DEFAULT_GATEWAY='$(${M})'\n`,
      '',
      `${CT}:2: VE_DEFAULT_GATEWAY: "$(${M})" is not an IPv4/IPv6 address`,
    ],
    [
      'command after the closing quote',
      `${NETIF}\nVE_DEFAULT_GATEWAY="10.0.0.1"; ${M}\n`,
      '',
      `${CT}:2: VE_DEFAULT_GATEWAY: unexpected text "; ${M}" after the closing quote`,
    ],
    [
      '$() in NETIF bridge=',
      `NETIF="ifname=eth0,host_ifname=veth106.0,bridge=$(${M})"\n`,
      '',
      `${CT}:1: NETIF: bridge: "$(${M})" is longer than 15 characters (the kernel limit for interface names)`,
    ],
    [
      'bad value in vz.conf',
      `${NETIF}\n`,
      `## global\nBRIDGEDEV="$(${M})"\n`,
      `/etc/vz/vz.conf:2: BRIDGEDEV: "$(${M})" is longer than 15 characters (the kernel limit for interface names)`,
    ],
    [
      'short injection in a bridge name',
      `${NETIF}\nBRIDGEDEV="br0;reboot"\n`,
      '',
      `${CT}:2: BRIDGEDEV: "br0;reboot" is not a valid interface name (letters, digits, "_", ".", "-", "@"; no "/", ":" or spaces; no leading "-")`,
    ],
    [
      'unclosed quote',
      `${NETIF}\n\nBRIDGEDEV="br0\n`,
      '',
      `${CT}:3: BRIDGEDEV: the value opens a " quote that is never closed`,
    ],
    [
      'bad MAC',
      'NETIF="ifname=eth0,host_ifname=veth106.0,mac=00:11"\n',
      '',
      `${CT}:1: NETIF: mac: "00:11" is not a MAC address (xx:xx:xx:xx:xx:xx)`,
    ],
    [
      'multicast address',
      `${NETIF}\nVETH_IP_ADDRESS="224.0.0.5/24"\n`,
      '',
      `${CT}:2: VETH_IP_ADDRESS: "224.0.0.5" is a multicast address; a container address must be global unicast`,
    ],
    [
      'link-local address (issue 15)',
      `${NETIF}\nVETH_IP_ADDRESS="169.254.169.254/32"\n`,
      '',
      `${CT}:2: VETH_IP_ADDRESS: "169.254.169.254" is a link-local (169.254.0.0/16) address; a container address must be global unicast`,
    ],
    [
      'gateway with a prefix',
      `${NETIF}\nVE_DEFAULT_GATEWAY="10.0.0.1/24"\n`,
      '',
      `${CT}:2: VE_DEFAULT_GATEWAY: "10.0.0.1/24" must be a plain address without "/prefix"`,
    ],
  ];
  for (const [name, ct, global, want] of cases) {
    lab.writeCtConf('106', ct);
    lab.writeGlobalConf(global || '## global\n');
    const r = await lab.vznet('106', 'veth106.0');
    t.equal(r.exitCode, 1, `${name}: exit 1`);
    t.equal(r.stderr, `ctnet: error: ${want}\n`, `${name}: one line naming file:line: KEY`);
    const v = await lab.vznet('106', 'veth106.0', [], { CTNET_VERBOSE: '1' });
    t.notMatch(v.stderr, /^ctnet-vznet: \+ /m, `${name}: no command was run`);
  }
  t.notOk(fs.existsSync(marker), 'no value was ever executed');
  t.same(await snapshot(lab, ['106']), before, 'nothing was applied');
  t.equal(lab.record('106'), undefined, 'no record written');
});

t.test('VETH_VLAN on a Linux bridge is refused, not silently dropped', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('106');
  lab.writeCtConf('106', `${NETIF}\nBRIDGEDEV="br0"\nVETH_VLAN="5"\n`);
  const before = await snapshot(lab, ['106']);
  const r = await lab.vznet('106', 'veth106.0');
  t.equal(r.exitCode, 1);
  t.match(
    r.stderr,
    /^ctnet: error: CT 106: \/etc\/vz\/conf\/106\.conf:3: VETH_VLAN: VLAN 5 for eth0: tagging a port of the Linux bridge "br0" is not supported/,
  );
  t.same(await snapshot(lab, ['106']), before, 'nothing was applied');
});

t.test('umount: no veth settings, no config, broken config', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('106');
  const before = await snapshot(lab, ['106']);
  lab.writeCtConf('106', '# a venet-only CT\nIP_ADDRESS="192.0.2.6"\nHOSTNAME="ct106"\n');
  for (const round of [1, 2]) {
    const u = await lab.umount('106');
    t.equal(u.exitCode, 0, `no veth settings, #${round}: ${u.stderr}`);
    t.equal(u.stdout, '');
  }
  const none = await lab.umount('107');
  t.equal(none.exitCode, 0, `a CT without a config file: ${none.stderr}`);
  lab.writeCtConf('106', `${NETIF}\nVETH_IP_ADDRESS="10.0.0.999"\n`);
  const broken = await lab.umount('106');
  t.equal(broken.exitCode, 0, 'a broken config does not block the CT stop');
  t.match(broken.stderr, /warning: \/etc\/vz\/conf\/106\.conf:2: VETH_IP_ADDRESS/, 'but it is reported');
  t.same(await snapshot(lab, ['106']), before, 'nothing changed');
});
