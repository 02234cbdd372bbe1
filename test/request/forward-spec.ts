import t from 'tap';
import { confForwards, parseForwardList, parseForwardSpec } from '../../lib/request/forward-spec.js';

t.test('valid specs', async (t) => {
  t.same(parseForwardSpec('tcp:8025:25'), { proto: 'tcp', hostPort: 8025, ctPort: 25 });
  t.same(parseForwardSpec('udp:5353:53'), { proto: 'udp', hostPort: 5353, ctPort: 53 });
  t.same(parseForwardList(['tcp:80:80', 'udp:80:80']), [
    { proto: 'tcp', hostPort: 80, ctPort: 80 },
    { proto: 'udp', hostPort: 80, ctPort: 80 },
  ]);
});

for (const [bad, re] of [
  ['tcp:0:25', /port 0 is not 1-65535/],
  ['tcp:8025:65536', /port 65536/],
  ['icmp:1:1', /is not a port forward/],
  ['tcp:80', /is not a port forward/],
  ['tcp:80:80;reboot', /is not a port forward/],
  ['TCP:80:80', /is not a port forward/],
  ['tcp:$(x):1', /is not a port forward/],
] as const) {
  t.test(`rejects ${bad}`, async (t) => t.match(parseForwardSpec(bad), re));
}

t.test('duplicates and config errors name file, line and key', async (t) => {
  t.match(parseForwardList(['tcp:80:80', 'tcp:80:81']), /tcp port 80 is forwarded twice/);
  t.throws(
    () => confForwards({ value: 'tcp:8025:25 udp:x:1', file: '/etc/vz/conf/101.conf', line: 7, key: 'CTNET_FORWARD' }),
    { message: /^\/etc\/vz\/conf\/101\.conf:7: CTNET_FORWARD: "udp:x:1" is not a port forward/ },
  );
  t.same(confForwards({ value: '  ', file: 'f', line: 1, key: 'CTNET_FORWARD' }), [], 'empty value = no forwards');
});
