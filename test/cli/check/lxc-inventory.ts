/**
 * lxcIface: an LXC interface's model from its config and script line; here the class of a
 * routed veth's addresses (--announce), which check's "announced elsewhere" question needs
 * (a spare is not asked about).
 */
import t from 'tap';
import { lxcIface } from '../../../lib/cli/check/lxc-inventory.js';

const config = (options: string) =>
  [
    'lxc.net.0.type = veth',
    'lxc.net.0.name = eth0',
    'lxc.net.0.veth.pair = vethweb1',
    'lxc.net.0.ipv4.address = 203.0.113.32/32',
    `lxc.net.0.script.up = /usr/libexec/ctnet/ctnet-lxc ${options}`,
    `lxc.net.0.script.down = /usr/libexec/ctnet/ctnet-lxc ${options}`,
    '',
  ].join('\n');

t.test("--announce on the script line is the model's class", async (t) => {
  for (const [options, want] of [
    ['--routed --announce spare', 'spare'],
    ['--routed --announce primary --primary-guard refuse', 'primary'],
    ['--routed', undefined],
  ] as const) {
    const lxcPath = t.testdir({ web1: { config: config(options) } });
    const m = lxcIface('web1', 'vethweb1', lxcPath)?.model;
    t.equal(m?.announce, want, options);
    t.same(
      m?.addresses.map((a) => a.address),
      ['203.0.113.32'],
      `${options}: the routed address`,
    );
  }
});
