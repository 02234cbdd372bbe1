/** lib/state/address-claim.ts: a claim (a symlink's target) is trusted only when it is exactly what ctnet writes. */
import t from 'tap';
import { parseClaim, renderClaim } from '../../lib/state/address-claim.js';

t.test('round trip', async (t) => {
  t.equal(renderClaim({ owner: 'vz-101', part: 'veth101.0' }), 'ctnet1:vz-101:veth101.0');
  for (const c of [
    { address: '10.0.0.5', owner: 'vz-101', part: 'veth101.0' },
    { address: '2001:db8::5', owner: 'lxc-web.1', part: 'vethAbC123' },
  ]) {
    t.same(parseClaim(renderClaim(c), c.address), c, c.address);
  }
});

t.test('anything else is refused with a reason', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['a path', '/etc/passwd', /not "ctnet1:OWNER:VETH"/],
    ['another version', 'ctnet2:vz-101:veth101.0', /not "ctnet1/],
    ['extra field', 'ctnet1:vz-101:veth101.0:x', /not "ctnet1/],
    ['no veth', 'ctnet1:vz-101', /not "ctnet1/],
    ['owner with a slash', 'ctnet1:vz-../x:veth1', /owner/],
    ['owner of no kind', 'ctnet1:root:veth1', /owner/],
    ['veth not an ifname', 'ctnet1:vz-101:-batch', /veth is not an interface name/],
    ['too long', `ctnet1:vz-101:${'x'.repeat(200)}`, /more than 128/],
  ];
  for (const [name, target, re] of cases) t.match(parseClaim(target, '10.0.0.5'), re, name);
});
