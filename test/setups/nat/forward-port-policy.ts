import t from 'tap';
import { parseForwardSpec, type ForwardSpec } from '../../../lib/request/forward-spec.js';
import { allowListRefusal, forwardPortRefusal, listenerRefusal } from '../../../lib/setups/nat/forward-port-policy.js';

const FILE = '/etc/ctnet/host.conf';
const fwd = (s: string): ForwardSpec => parseForwardSpec(s) as ForwardSpec;

t.test('allow-list: none listed means only ports >= 1024', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['tcp:22:22', false],
    ['udp:53:53', false],
    ['tcp:1023:80', false],
    ['tcp:1024:80', true],
    ['tcp:8025:25', true],
    ['udp:65535:1', true],
  ];
  for (const [spec, ok] of cases) {
    const why = allowListRefusal(fwd(spec), [], FILE);
    if (ok) t.equal(why, undefined, `${spec} allowed`);
    else
      t.match(
        why,
        new RegExp(`^${spec}: host port \\d+ is below 1024 and /etc/ctnet/host.conf allows no other`),
        `${spec} refused`,
      );
  }
});

t.test('allow-list: listed ports and ranges are exactly what is allowed', async (t) => {
  const allow = [
    { from: 22, to: 22 },
    { from: 8000, to: 8999 },
  ];
  t.equal(allowListRefusal(fwd('tcp:22:22'), allow, FILE), undefined, 'a listed privileged port');
  t.equal(allowListRefusal(fwd('udp:8999:53'), allow, FILE), undefined, 'range end is inclusive');
  t.equal(allowListRefusal(fwd('tcp:8000:80'), allow, FILE), undefined, 'range start is inclusive');
  t.equal(
    allowListRefusal(fwd('tcp:9000:80'), allow, FILE),
    'tcp:9000:80: host port 9000 is not in [isolation] forward-ports of /etc/ctnet/host.conf (22, 8000-8999)',
  );
  t.match(allowListRefusal(fwd('tcp:25:25'), allow, FILE), /host port 25 is not in/);
  t.equal(
    allowListRefusal(fwd('tcp:25:25'), 'any', FILE),
    undefined,
    "'any' (host.conf's own forwards) skips the list",
  );
});

t.test('a port a host socket holds is refused, per protocol', async (t) => {
  const listening = new Set(['tcp:22', 'udp:53']);
  t.equal(
    listenerRefusal(fwd('tcp:22:22'), listening),
    'tcp:22:22: host port 22 is in use, a host socket listens on tcp port 22',
  );
  t.equal(
    listenerRefusal(fwd('udp:53:53'), listening),
    'udp:53:53: host port 53 is in use, a host socket is bound to udp port 53',
  );
  t.equal(listenerRefusal(fwd('udp:22:22'), listening), undefined, 'udp 22 is free when only tcp 22 listens');
  t.equal(listenerRefusal(fwd('tcp:53:53'), listening), undefined);
});

t.test('forwardPortRefusal: the first refused forward, allow-list before listeners', async (t) => {
  const rules = {
    allow: [
      { from: 22, to: 22 },
      { from: 8000, to: 8999 },
    ],
    allowFile: FILE,
    listening: new Set(['tcp:22']),
  };
  t.equal(forwardPortRefusal([fwd('tcp:8025:25'), fwd('udp:8053:53')], rules), undefined, 'all allowed, none held');
  const held = forwardPortRefusal([fwd('tcp:8025:25'), fwd('tcp:22:22')], rules);
  t.same(held?.forward, fwd('tcp:22:22'));
  t.match(held?.why, /listens on tcp port 22/);
  const both = forwardPortRefusal([fwd('tcp:22:22'), fwd('tcp:80:80')], {
    ...rules,
    listening: new Set(['tcp:22', 'tcp:80']),
  });
  t.match(both?.why, /^tcp:22:22: .*listens/, 'the first forward is named first');
  t.equal(forwardPortRefusal([], rules), undefined);
});
