/**
 * `ctnet nat forward add` and host.conf's [forward NAME] sections against the host-port rules
 * (issue 15, point 4). The one-off command obeys [isolation] forward-ports (none listed: only
 * ports >= 1024); host.conf's own forwards do not (root wrote both in the same file), but
 * neither may take a port a host socket listens on. Listeners are the test's own, in its netns.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { HostLab } from '../lab/host-lab.js';
import { listenIn } from '../lab/listener.js';
import { sh } from '../lab/netns.js';

function writeHostConf(lab: HostLab, text: string): void {
  fs.mkdirSync(path.join(lab.etcDir, 'ctnet'), { recursive: true });
  fs.writeFileSync(path.join(lab.etcDir, 'ctnet', 'host.conf'), text, { mode: 0o644 });
}

const rules = async (ns: string): Promise<string> =>
  (await sh('ip', ['netns', 'exec', ns, 'nft', 'list', 'ruleset'])).stdout;

t.test('ctnet nat forward add: allow-list and listeners', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  const add = (spec: string) =>
    lab.ctnet(hn, ['nat', 'forward', 'add', '--quiet', '--owner', 'vz-7', '--to', '10.0.3.7', spec]);

  const low = await add('tcp:22:22');
  t.equal(low.exitCode, 1, 'port 22 without an allow-list is refused');
  t.match(
    low.stderr,
    /ctnet nat forward add: tcp:22:22: host port 22 is below 1024 and .*\/ctnet\/host\.conf allows no other/,
    low.stderr,
  );
  t.notMatch(await rules(hn), /table inet ctnet/, 'nothing applied');

  writeHostConf(lab, '[isolation]\nforward-ports = 22\n');
  const ok = await add('tcp:22:22');
  t.equal(ok.exitCode, 0, `allowed by forward-ports = 22: ${ok.stderr}`);
  t.match(await rules(hn), /tcp dport 22 dnat ip to 10\.0\.3\.7:22/, 'in place');
  t.equal((await lab.ctnet(hn, ['nat', 'forward', 'remove', '--owner', 'vz-7'])).exitCode, 0, 'removed');

  const outside = await add('tcp:8080:80');
  t.equal(outside.exitCode, 1, 'a port >= 1024 outside the list is refused once a list exists');
  t.match(
    outside.stderr,
    /tcp:8080:80: host port 8080 is not in \[isolation\] forward-ports of .*host\.conf \(22\)/,
    outside.stderr,
  );

  await listenIn(t, hn, { proto: 'tcp', port: 22 });
  const held = await add('tcp:22:22');
  t.equal(held.exitCode, 1, 'refused while a host socket listens on it');
  t.match(held.stderr, /tcp:22:22: host port 22 is in use, a host socket listens on tcp port 22/, held.stderr);
  t.notMatch(await rules(hn), /dport 22/, 'nothing applied');
});

t.test('host apply: [forward] sections skip the allow-list, never the listener check', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  writeHostConf(
    lab,
    `[forward mail]
to = 10.0.3.25
port = tcp:25:25

[forward dns]
to = 10.0.3.53
port = udp:5353:53

[isolation]
forward-ports = 8000-8999
`,
  );
  await listenIn(t, hn, { proto: 'udp', port: 5353, family: 6 });
  const r = await lab.ctnet(hn, ['host', 'apply']);
  t.equal(r.exitCode, 1, 'apply reports the refused forward');
  t.match(
    r.stderr,
    /forward dns: .*host\.conf:5: \[forward dns\]: udp:5353:53: host port 5353 is in use, a host socket is bound to udp port 5353/,
    r.stderr,
  );
  const nft = await rules(hn);
  t.match(
    nft,
    /tcp dport 25 dnat ip to 10\.0\.3\.25:25/,
    "the admin's port-25 forward is applied (not limited by forward-ports)",
  );
  t.notMatch(nft, /dport 5353/, 'the held port is not forwarded');
  // A service that starts on a port already forwarded does not make the forward in place fail.
  await listenIn(t, hn, { proto: 'tcp', port: 25 });
  const again = await lab.ctnet(hn, ['host', 'apply']);
  t.equal(again.exitCode, 1, 'still refused on the next apply');
  t.notMatch(again.stderr, /forward mail/, 'the forward in place is not asked again');
  t.match(await rules(hn), /tcp dport 25 dnat/, 'and stays');
});
