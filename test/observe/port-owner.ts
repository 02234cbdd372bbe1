import t from 'tap';
import { parsePortOwner } from '../../lib/observe/port-owner.js';

t.test('ovs-vsctl --if-exists get output', async (t) => {
  t.equal(parsePortOwner(''), null, 'no output: no such port');
  t.equal(parsePortOwner('\n'), '', 'blank line: port without the key');
  t.equal(parsePortOwner('"lxc:web1"\n'), 'lxc:web1', 'quoted string');
  t.equal(parsePortOwner('vz-101\n'), 'vz-101', 'bare string');
});
