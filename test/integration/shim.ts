/**
 * ctnet shim on a real kernel (seed 003): two macvlan (bridge mode) containers on lxcbr2 reach
 * each other but not the host; with the shim the host reaches them both ways. Ensure twice and
 * concurrently = one shim; remove twice; a same-named link ctnet did not make is left alone.
 */
import t from 'tap';
import { HostLab } from '../lab/host-lab.js';
import { ipBatch, ipJson, ping, type AddrJson, type LinkJson } from '../lab/netns.js';

t.test('macvlan shim: host <-> macvlan containers only with it', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  const [c1, c2] = [await lab.ns('m1'), await lab.ns('m2')];
  await ipBatch(hn, [
    'link add lxcbr2 type bridge',
    'link add p0 type veth peer name p1',
    'link set p0 master lxcbr2',
    'link set p0 up',
    'link set p1 up',
    'link set lxcbr2 up',
    'link add link lxcbr2 name mv1 type macvlan mode bridge',
    `link set mv1 netns ${c1}`,
    'link add link lxcbr2 name mv2 type macvlan mode bridge',
    `link set mv2 netns ${c2}`,
  ]);
  await ipBatch(c1, ['addr add 10.0.5.3/24 dev mv1', 'link set mv1 up']);
  await ipBatch(c2, ['addr add 10.0.5.4/24 dev mv2', 'link set mv2 up']);
  t.ok(await ping(c1, '10.0.5.4'), 'macvlan containers reach each other');
  t.notOk(await ping(hn, '10.0.5.3', 1), 'host cannot reach a macvlan container without the shim');

  const args = [
    'shim',
    'ensure',
    '--parent',
    'lxcbr2',
    '--name',
    'mvshim',
    '--address',
    '10.0.5.5/24',
    '--address',
    'fd00:5::5/64',
  ];
  const first = await Promise.all([1, 2, 3, 4].map(() => lab.ctnet(hn, args)));
  t.same(
    first.map((r) => r.exitCode),
    [0, 0, 0, 0],
    `4 concurrent ensures from scratch: ${first.map((r) => r.stderr).join('')}`,
  );
  t.equal(first.filter((r) => /create macvlan shim/.test(r.stderr)).length, 1, 'exactly one of them created it');
  const link1 = (await ipJson<Array<LinkJson & { ifindex: number }>>(hn, ['link', 'show', 'dev', 'mvshim']))[0]!;
  const again = await lab.ctnet(hn, args);
  t.equal(again.exitCode, 0, 'ensure again');
  t.match(again.stderr, /is in place/, 'nothing to do the second time');
  const link2 = (await ipJson<Array<LinkJson & { ifindex: number }>>(hn, ['link', 'show', 'dev', 'mvshim']))[0]!;
  t.equal(link2.ifindex, link1.ifindex, 'same link (not re-created)');
  const addrs = (await ipJson<AddrJson[]>(hn, ['addr', 'show', 'dev', 'mvshim']))[0]!.addr_info
    .filter((a) => !a.local.startsWith('fe80'))
    .map((a) => `${a.local}/${a.prefixlen}`)
    .sort();
  t.same(addrs, ['10.0.5.5/24', 'fd00:5::5/64'], 'addresses once each');
  t.ok(await ping(hn, '10.0.5.3'), 'host reaches container 1 through the shim');
  t.ok(await ping(hn, '10.0.5.4'), 'host reaches container 2 through the shim');
  t.ok(await ping(c1, '10.0.5.5'), 'container reaches the host shim address');

  for (const round of [1, 2])
    t.equal((await lab.ctnet(hn, ['shim', 'remove', '--name', 'mvshim'])).exitCode, 0, `remove #${round}`);
  t.same(await ipJson(hn, ['link', 'show', 'type', 'macvlan']), [], 'shim gone');
  t.notOk(await ping(hn, '10.0.5.3', 1), 'host cut off again');
  t.ok(await ping(c1, '10.0.5.4'), 'containers unaffected');

  await ipBatch(hn, ['link add link lxcbr2 name mvother type macvlan mode bridge']);
  const foreign = await lab.ctnet(hn, [
    'shim',
    'ensure',
    '--parent',
    'lxcbr2',
    '--name',
    'mvother',
    '--address',
    '10.0.5.6/24',
  ]);
  t.equal(foreign.exitCode, 1, 'ensure refuses a same-named link ctnet did not make');
  t.match(foreign.stderr, /shim "mvother" exists and was not made by ctnet/);
  t.equal((await lab.ctnet(hn, ['shim', 'remove', '--name', 'mvother'])).exitCode, 1, 'remove refuses it too');
  t.equal((await ipJson(hn, ['link', 'show', 'dev', 'mvother'])).length, 1, 'the foreign link survives');
  const bad = await lab.ctnet(hn, [
    'shim',
    'ensure',
    '--parent',
    'nosuchdev',
    '--name',
    'mvx',
    '--address',
    '10.0.5.7/24',
  ]);
  t.match(bad.stderr, /parent device "nosuchdev" does not exist/, 'missing parent is one clear line');
});
