/** lib/state/address-claim.ts: a claim is trusted only when every field is what ctnet writes. */
import t from 'tap';
import { parseClaim, renderClaim } from '../../lib/state/address-claim.js';

t.test('round trip', async (t) => {
  for (const c of [{ address: '10.0.0.5', owner: 'vz-101', part: 'veth101.0' }, { address: '2001:db8::5', owner: 'lxc-web.1', part: 'vethAbC123' }]) {
    t.same(parseClaim(renderClaim(c), c.address), c, c.address);
  }
});

t.test('anything else is refused with a reason', async (t) => {
  const ok = { version: 1, address: '10.0.0.5', owner: 'vz-101', part: 'veth101.0' };
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{', /not JSON/],
    ['array', '[]', /not an object/],
    ['extra field', JSON.stringify({ ...ok, cmd: 'x' }), /unknown field "cmd"/],
    ['version', JSON.stringify({ ...ok, version: 2 }), /version/],
    ['address of another file', JSON.stringify({ ...ok, address: '10.0.0.6' }), /not the file's/],
    ['multicast address', JSON.stringify({ ...ok, address: '224.0.0.1' }), /not a unicast/],
    ['owner with a slash', JSON.stringify({ ...ok, owner: 'vz-../x' }), /owner/],
    ['owner of no kind', JSON.stringify({ ...ok, owner: 'root' }), /owner/],
    ['part not an ifname', JSON.stringify({ ...ok, part: '-batch' }), /part/],
    ['part missing', JSON.stringify({ version: 1, address: '10.0.0.5', owner: 'vz-101' }), /part/],
  ];
  for (const [name, text, re] of cases) t.match(parseClaim(text, '10.0.0.5'), re, name);
});
