import t from 'tap';
import { lxcNetEvent } from '../../../lib/runtimes/lxc/lxc-event.js';

const v1 = (over: Record<string, string>) => ({
  LXC_NAME: 'c1',
  LXC_HOOK_VERSION: '1',
  LXC_HOOK_SECTION: 'net',
  LXC_CONFIG_FILE: '/var/lib/lxc/c1/config',
  ...over,
});

t.test('hook.version 0 and LXC 1.x/2.x argv', async (t) => {
  t.same(
    lxcNetEvent(['c1', 'net', 'up', 'veth', 'br9', 'vethAB'], { LXC_CONFIG_FILE: '/x' }),
    { name: 'c1', phase: 'up', type: 'veth', hookVersion: 0, device: 'vethAB', link: 'br9', configFile: '/x' },
    'LXC 3+ with link',
  );
  t.same(
    lxcNetEvent(['c1', 'net', 'down', 'veth', 'vethAB'], {}),
    { name: 'c1', phase: 'down', type: 'veth', hookVersion: 0, device: 'vethAB' },
    'no link (LXC 1.x/2.x, or LXC 3+ without link)',
  );
  t.same(lxcNetEvent(['c1', 'net', 'up', 'macvlan', 'eth0'], {}), {
    name: 'c1',
    phase: 'up',
    type: 'macvlan',
    hookVersion: 0,
    link: 'eth0',
  });
  t.same(lxcNetEvent(['c1', 'net', 'up', 'empty'], {}), { name: 'c1', phase: 'up', type: 'empty', hookVersion: 0 });
});

t.test('hook.version 1: env first, argv as fallback (LXC 3.0.0 has no LXC_NET_PEER)', async (t) => {
  t.same(
    lxcNetEvent(
      ['veth', 'br9', 'vethAB'],
      v1({ LXC_HOOK_TYPE: 'up', LXC_NET_TYPE: 'veth', LXC_NET_PARENT: 'br9', LXC_NET_PEER: 'vethAB' }),
    ),
    {
      name: 'c1',
      phase: 'up',
      type: 'veth',
      hookVersion: 1,
      device: 'vethAB',
      link: 'br9',
      configFile: '/var/lib/lxc/c1/config',
    },
  );
  t.match(
    lxcNetEvent(['veth', 'vethCD'], v1({ LXC_HOOK_TYPE: 'down', LXC_NET_TYPE: 'veth', LXC_NET_PARENT: '' })),
    { phase: 'down', device: 'vethCD', link: undefined },
    'empty parent, device from argv',
  );
  t.match(lxcNetEvent(['veth', 'br9', 'vethEF'], v1({ LXC_HOOK_TYPE: 'up' })), {
    type: 'veth',
    device: 'vethEF',
    link: 'br9',
  });
});

t.test('bad invocations are usage errors', async (t) => {
  const bad: Array<[string[], Record<string, string>, RegExp]> = [
    [['c1', 'start'], {}, /expected "<name> net up\|down/],
    [['c1', 'net', 'sideways', 'veth', 'v1'], {}, /"sideways" is not up or down/],
    [['c1', 'net', 'up'], {}, /no network type/],
    [['c/1', 'net', 'up', 'veth', 'v1'], {}, /container name/],
    [['c1', 'net', 'up', 'veth', 'v1;rm'], {}, /host veth: "v1;rm" is not a valid interface name/],
    [['veth', 'v1'], v1({ LXC_HOOK_TYPE: 'start' }), /"start" is not up or down/],
    [['veth', 'v1'], v1({ LXC_HOOK_TYPE: 'up', LXC_HOOK_SECTION: 'lxc' }), /network hook/],
    [['veth', 'v1'], { LXC_HOOK_VERSION: '1', LXC_HOOK_TYPE: 'up' }, /no container name/],
    // "script.up = ctnet-lxc --routed false": the script line's word comes before LXC's.
    [
      ['false', 'veth', 'br9', 'vethAB'],
      v1({ LXC_HOOK_TYPE: 'up', LXC_NET_TYPE: 'veth' }),
      /unexpected argument "false" before the network type "veth"/,
    ],
  ];
  for (const [argv, env, re] of bad)
    t.throws(() => lxcNetEvent(argv, env), { code: 'E_USAGE', message: re }, argv.join(' '));
});
