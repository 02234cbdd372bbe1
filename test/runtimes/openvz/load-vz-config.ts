/** loadVzConfig: vz.conf then the CT file; a caller loading many CTs passes vz.conf parsed once. */
import t from 'tap';
import { loadGlobalVzConf, loadVzConfig } from '../../../lib/runtimes/openvz/load-vz-config.js';

t.test('vz.conf read by default, or taken as given', async (t) => {
  const vzDir = t.testdir({ 'vz.conf': 'VE_LAYOUT=ploop\nBRIDGEDEV=br9\n', conf: { '101.conf': 'BRIDGEDEV=br0\n' } });
  const plain = loadVzConfig('101', { vzDir });
  t.same(
    [plain.vars.get('VE_LAYOUT')?.value, plain.vars.get('BRIDGEDEV')?.value],
    ['ploop', 'br0'],
    'the CT file wins over vz.conf',
  );
  const global = loadGlobalVzConf(vzDir);
  t.equal(global?.values.get('VE_LAYOUT')?.value, 'ploop');
  t.same(
    loadVzConfig('101', { vzDir, globalConf: global }).vars,
    plain.vars,
    'the parsed vz.conf gives the same result',
  );
  t.equal(
    loadVzConfig('101', { vzDir, globalConf: null }).vars.get('VE_LAYOUT'),
    undefined,
    'null: no vz.conf, the file is not read',
  );
  t.equal(loadGlobalVzConf(t.testdir({})), null, 'a missing vz.conf is null');
});
