import t from 'tap';
import { bridgeFromNetInfo } from '../../../lib/runtimes/openvz/virsh-network.js';

t.test('Bridge: line of virsh net-info', async (t) => {
  t.equal(
    bridgeFromNetInfo(
      'Name:           Bridged\nUUID:           x\nActive:         yes\nPersistent:     yes\nBridge:         br0\n',
    ),
    'br0',
  );
  t.equal(bridgeFromNetInfo('Name: host-routed\nActive: yes\n'), undefined);
});
