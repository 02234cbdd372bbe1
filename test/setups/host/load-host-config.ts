import t from 'tap';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostConfFile, loadHostConfig, loadNetworksIfPresent } from '../../../lib/setups/host/load-host-config.js';

t.test('missing files declare nothing', async (t) => {
  const etc = t.testdir({});
  t.same(loadHostConfig(etc).bridges, []);
  t.equal(loadNetworksIfPresent(join(etc, 'ctnet', 'networks.conf')), undefined);
});

t.test('reads host.conf; refuses one that group or others may write', async (t) => {
  const etc = t.testdir({});
  mkdirSync(join(etc, 'ctnet'));
  const file = hostConfFile(etc);
  writeFileSync(file, '[bridge br7]\n', { mode: 0o644 });
  chmodSync(file, 0o644);
  t.equal(loadHostConfig(etc).bridges[0]?.name, 'br7');
  chmodSync(file, 0o664);
  t.throws(() => loadHostConfig(etc), /host\.conf: is writable by group or others \(mode 664\); refusing to use it/);
});
