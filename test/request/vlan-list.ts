import t from 'tap';
import { formatVlanList, parseVlanList } from '../../lib/request/vlan-list.js';

t.test('parse', async (t) => {
  t.same(parseVlanList('10'), [10]);
  t.same(parseVlanList('20,10,10'), [10, 20]);
  t.same(parseVlanList('10-12,4094'), [10, 11, 12, 4094]);
  for (const bad of ['', '0', '4095', '10,', 'a', '12-10', '1-2-3', '10;20', '-5']) {
    t.type(parseVlanList(bad), 'string', `"${bad}" refused`);
  }
});

t.test('format', async (t) => {
  t.equal(formatVlanList([10, 11, 12, 20]), '10-12,20');
  t.equal(formatVlanList([5]), '5');
  t.equal(formatVlanList([]), '');
});
