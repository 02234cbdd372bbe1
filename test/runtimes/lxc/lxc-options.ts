import t from 'tap';
import { LXC_ARG_SPEC, lxcOptions, parseLxcOptions } from '../../../lib/runtimes/lxc/lxc-options.js';
import { parseHookArgs } from '../../../lib/hook/hook-args.js';

/** As the hook reads its argv: the script line's options, then LXC's words. */
const parse = (argv: string[]) => lxcOptions(parseHookArgs(argv, LXC_ARG_SPEC));

t.test('options from the script line', async (t) => {
  t.same(parse(['c1', 'net', 'up', 'veth', 'v1']), { routed: false, forwards: [] });
  t.same(parse(['--bridge', 'sw0', '--vlan', '10', '--trunks', '20-22,30', '--mtu', '9000', 'c1']), {
    routed: false,
    forwards: [],
    bridge: 'sw0',
    vlan: 10,
    trunks: [20, 21, 22, 30],
    mtu: 9000,
  });
  t.same(parse(['--routed', '-n', 'c1']), { routed: true, forwards: [] });
  t.same(
    parse(['--forward', 'tcp:8025:25', '--forward', 'udp:5353:53', 'c1']).forwards.map((f) => [
      f.proto,
      f.hostPort,
      f.ctPort,
    ]),
    [
      ['tcp', 8025, 25],
      ['udp', 5353, 53],
    ],
    '--forward is repeatable',
  );
  t.same(parse(['--routed', '--announce', 'Spare', 'c1']), { routed: true, forwards: [], announce: 'spare' });
  t.same(parse(['--routed', '--announce', 'primary', '--primary-guard', 'demote', 'c1']), {
    routed: true,
    forwards: [],
    announce: 'primary',
    primaryGuard: 'demote',
  });
  t.same(
    parse(['--routed', '--primary-guard', 'off', 'c1']),
    { routed: true, forwards: [] },
    '--primary-guard off: nothing asked',
  );
});

t.test('bad options', async (t) => {
  const bad: Array<[string[], RegExp]> = [
    [['--vlan', '0'], /--vlan: "0" is not a VLAN id/],
    [['--vlan', '10', '--vlan', '11'], /more than once/],
    [['--bridge'], /--bridge needs a value/],
    [['--bridge', 'a b'], /--bridge: "a b" is not a valid interface name/],
    [['--trunks', '10,,20'], /--trunks/],
    [['--mtu', '1e3'], /--mtu/],
    [['--routed', '--bridge', 'br0'], /exclude each other/],
    [['--routed', '--vlan', '5'], /make no sense with --routed/],
    [['--bridg', 'br0'], /unknown option "--bridg"/],
    [['--forward', 'tcp:8025'], /--forward/],
    [['--forward', 'tcp:8025:25', '--forward', 'tcp:8025:26'], /forwarded twice/],
    [['--forward', 'icmp:1:2'], /--forward/],
    [['--forward', 'tcp:$(id):25'], /--forward/],
    [['--filter', 'no'], /--filter: "no" is not on or off/],
    [['--filter'], /--filter needs a value/],
    [
      ['--routed', '--announce', 'backup'],
      /--announce: "backup" is not an announcement class \(primary, spare, anycast\)/,
    ],
    [['--routed', '--primary-guard', 'yes'], /--primary-guard: "yes" is not refuse, demote or off/],
    [['--announce', 'spare'], /--announce\/--primary-guard need --routed/],
    [['--bridge', 'br0', '--primary-guard', 'refuse'], /--announce\/--primary-guard need --routed/],
  ];
  for (const [argv, re] of bad) t.throws(() => parse(argv), { code: 'E_USAGE', message: re }, argv.join(' '));
});

t.test('a script line read back (ctnet check) holds options only', async (t) => {
  t.same(parseLxcOptions(['--bridge', 'sw0', '--vlan', '10']), {
    routed: false,
    forwards: [],
    bridge: 'sw0',
    vlan: 10,
  });
  t.throws(() => parseLxcOptions(['--routed', 'false']), {
    code: 'E_USAGE',
    message: /unexpected word "false" among the script line's options/,
  });
});
