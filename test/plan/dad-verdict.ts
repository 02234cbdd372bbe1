/** lib/plan/dad-verdict.ts: the first answered address refuses in one line; probes not done are notes. */
import t from 'tap';
import { dadVerdict } from '../../lib/plan/dad-verdict.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';

const ip = (s: string): IpAddr => parseIpAddr(s) as IpAddr;
const probed = ['10.0.0.5', '10.0.0.6', '2001:db8::6'].map((a) => ({
  ip: ip(a),
  from: 'F:2: VETH_IP_ADDRESS',
  dev: 'up0',
}));

t.test('verdicts', async (t) => {
  t.same(dadVerdict(probed, [{ kind: 'free' }, { kind: 'free' }, { kind: 'free' }]), { notes: [] });
  const v = dadVerdict(probed, [
    { kind: 'unknown', why: 'cannot run "arping": not found' },
    { kind: 'free' },
    { kind: 'answered', mac: '02:00:00:00:00:01' },
  ]);
  t.equal(
    v.refusal,
    'F:2: VETH_IP_ADDRESS: "2001:db8::6" is already in use on the LAN of up0 (answered the duplicate-address probe from 02:00:00:00:00:01); to skip the probe: CTNET_DAD=off in the container config, or dad = off in [isolation] of host.conf',
  );
  t.same(v.notes, ['duplicate-address probe of 10.0.0.5 on up0 not done: cannot run "arping": not found']);
  t.match(
    dadVerdict(probed, [{ kind: 'answered' }, { kind: 'free' }, { kind: 'free' }]).refusal,
    /"10\.0\.0\.5" is already in use on the LAN of up0 \(answered the duplicate-address probe\)/,
  );
});
